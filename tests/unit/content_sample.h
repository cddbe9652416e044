/*
 * content_sample.h — a small content file shared by the content unit tests: one skill per item
 * type, parameters, constraints, word lists and known mistakes.
 */
#ifndef TESTS_CONTENT_SAMPLE_H
#define TESTS_CONTENT_SAMPLE_H

static const char content_sample[] =
    "{\"format\":\"madrasa-content/1\","
    "\"subject\":{\"id\":\"math\",\"title\":{\"ar\":\"الرياضيات\",\"fr\":\"Mathématiques\"}},"
    "\"lists\":{\"names\":[{\"ar\":\"ياسين\",\"fr\":\"Yassine\"},{\"ar\":\"سلمى\",\"fr\":\"Salma\"}]},"
    "\"domains\":[{\"id\":\"d\",\"title\":{\"ar\":\"ع\",\"fr\":\"D\"},\"skills\":["
    "{\"id\":\"s.add\",\"title\":{\"ar\":\"جمع\",\"fr\":\"Addition\"},\"grade\":2,\"tarl_level\":4,\"prerequisites\":[],"
    "\"templates\":["
    "{\"id\":\"s.add.num\",\"type\":\"numeric\",\"params\":[\"a = randint(11, 89)\",\"b = randint(11, 89)\",\"p = randint(0, 9)\"],"
    "\"where\":[\"a % 10 + b % 10 >= 10\",\"a + b <= 99\"],"
    "\"stem\":{\"ar\":\"{@names:p}: {a} + {b} = ؟\",\"fr\":\"{@names:p} : {a} + {b} = ?\"},"
    "\"hints\":[{\"ar\":\"الوحدات\",\"fr\":\"Les unités\"}],\"solution\":{\"ar\":\"{a+b}\",\"fr\":\"{a+b}\"},"
    "\"answer\":\"a+b\",\"mistakes\":[{\"code\":\"forgot_carry\",\"answer\":\"a+b-10\","
    "\"feedback\":{\"ar\":\"نسيت الاحتفاظ\",\"fr\":\"Tu as oublié la retenue ({a%10+b%10}).\"}}]},"
    "{\"id\":\"s.add.half\",\"type\":\"numeric\",\"params\":[\"a = randint(1, 9)\"],"
    "\"stem\":{\"ar\":\"{a}/2\",\"fr\":\"{a}/2\"},\"hints\":[{\"ar\":\"ن\",\"fr\":\"h\"}],\"solution\":{\"ar\":\"{a/2}\",\"fr\":\"{a/2}\"},"
    "\"answer\":\"a/2\",\"tolerance\":\"0\"},"
    "{\"id\":\"s.add.choice\",\"type\":\"choice\",\"params\":[\"a = randint(1, 5)\",\"b = randint(1, 5)\"],"
    "\"stem\":{\"ar\":\"{a}+{b}\",\"fr\":\"{a}+{b}\"},\"hints\":[{\"ar\":\"ع\",\"fr\":\"c\"}],\"solution\":{\"ar\":\"{a+b}\",\"fr\":\"{a+b}\"},"
    "\"choices\":[{\"text\":\"{a+b}\",\"correct\":true},{\"text\":\"{a*b}\",\"misconception\":\"multiplied\","
    "\"feedback\":{\"ar\":\"ضربت\",\"fr\":\"Tu as multiplié.\"}},{\"text\":\"{a+b+1}\"}]}]},"
    "{\"id\":\"s.read\",\"title\":{\"ar\":\"قراءة\",\"fr\":\"Lecture\"},\"grade\":1,\"tarl_level\":3,\"prerequisites\":[\"s.add\"],"
    "\"templates\":["
    "{\"id\":\"s.read.text\",\"type\":\"text\",\"stem\":{\"ar\":\"اكتب\",\"fr\":\"Écris\"},\"hints\":[{\"ar\":\"ه\",\"fr\":\"h\"}],"
    "\"solution\":{\"ar\":\"مدرسة\",\"fr\":\"école\"},\"accept\":[{\"ar\":\"مَدْرَسَةٌ\",\"fr\":\"l'école\"}],"
    "\"mistakes\":[{\"code\":\"article\",\"response\":\"le école\",\"feedback\":{\"ar\":\"أل\",\"fr\":\"On écrit l'école.\"}}]},"
    "{\"id\":\"s.read.order\",\"type\":\"order\",\"stem\":{\"ar\":\"رتب\",\"fr\":\"Range\"},\"hints\":[{\"ar\":\"ه\",\"fr\":\"h\"}],"
    "\"solution\":{\"ar\":\"ح\",\"fr\":\"s\"},\"items\":[\"Le\",\"chat\",\"dort.\"]},"
    "{\"id\":\"s.read.match\",\"type\":\"match\",\"stem\":{\"ar\":\"اربط\",\"fr\":\"Relie\"},\"hints\":[{\"ar\":\"ه\",\"fr\":\"h\"}],"
    "\"solution\":{\"ar\":\"ح\",\"fr\":\"s\"},\"pairs\":[{\"left\":\"1\",\"right\":{\"ar\":\"واحد\",\"fr\":\"un\"}},"
    "{\"left\":\"2\",\"right\":{\"ar\":\"اثنان\",\"fr\":\"deux\"}},{\"left\":\"3\",\"right\":{\"ar\":\"ثلاثة\",\"fr\":\"trois\"}}]}"
    "]}]}]}";

#endif

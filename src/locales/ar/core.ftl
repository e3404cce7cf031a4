# Agora's web interface: the frame of every page, signing in and up,
# errors, dates and sizes.

## Frame
skip-to-content = الانتقال إلى المحتوى
nav-label = القائمة الرئيسية
nav-home = الرئيسية
nav-spaces = المساحات
nav-profile = الملف الشخصي
nav-admin = الإدارة
nav-sign-in = تسجيل الدخول
nav-sign-out = تسجيل الخروج
nav-register = إنشاء حساب
language = اللغة
footer-instance = أغورا على { $domain }
footer-api = واجهة البرمجة

## Dates, numbers, sizes
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
# $day, $month (a name) and $year are already written in the language's digits.
date = { $day } { $month } { $year }
datetime = { $date }، { $time }
size-bytes = { $n } بايت
size-kb = { $n } ك.ب
size-mb = { $n } م.ب
size-gb = { $n } ج.ب

## Errors
error-bad_request = تعذّر فهم هذا الطلب
error-invalid = بعض ما أدخلته غير مقبول
error-unauthorized = يُرجى تسجيل الدخول
error-forbidden = غير مسموح لك بهذا الإجراء
error-not_found = الصفحة غير موجودة
error-gone = حُذف هذا المحتوى
error-conflict = يتعارض هذا مع شيء موجود بالفعل
error-payload_too_large = الحجم كبير جدًا
error-unsupported_media_type = هذا النوع من المحتوى غير مقبول
error-method_not_allowed = هذا الإجراء غير ممكن هنا
error-remote_error = تعذّر الوصول إلى الخادم الآخر
error-internal = حدث خطأ من جهتنا؛ يُرجى المحاولة مرة أخرى لاحقًا
error-too_many_requests = محاولات كثيرة جدًا
error-busy = الخادم مشغول؛ يُرجى المحاولة مرة أخرى بعد قليل
error-back-home = العودة إلى الصفحة الرئيسية

## Signing in and up
login-title = تسجيل الدخول
login-login = اسم المستخدم أو البريد الإلكتروني
login-password = كلمة المرور
login-submit = تسجيل الدخول
login-failed = اسم المستخدم أو كلمة المرور غير صحيحة.
login-suspended = هذا الحساب موقوف. تواصل مع مشرفي هذا الخادم.
throttled-seconds = { $count ->
    [zero] محاولات كثيرة جدًا. يُرجى الانتظار قبل المحاولة مرة أخرى.
    [one] محاولات كثيرة جدًا. يُرجى الانتظار ثانية واحدة قبل المحاولة مرة أخرى.
    [two] محاولات كثيرة جدًا. يُرجى الانتظار ثانيتين قبل المحاولة مرة أخرى.
    [few] محاولات كثيرة جدًا. يُرجى الانتظار { $count } ثوانٍ قبل المحاولة مرة أخرى.
    [many] محاولات كثيرة جدًا. يُرجى الانتظار { $count } ثانية قبل المحاولة مرة أخرى.
   *[other] محاولات كثيرة جدًا. يُرجى الانتظار { $count } ثانية قبل المحاولة مرة أخرى.
}
throttled-minutes = { $count ->
    [zero] محاولات كثيرة جدًا. يُرجى الانتظار قبل المحاولة مرة أخرى.
    [one] محاولات كثيرة جدًا. يُرجى الانتظار دقيقة واحدة قبل المحاولة مرة أخرى.
    [two] محاولات كثيرة جدًا. يُرجى الانتظار دقيقتين قبل المحاولة مرة أخرى.
    [few] محاولات كثيرة جدًا. يُرجى الانتظار { $count } دقائق قبل المحاولة مرة أخرى.
    [many] محاولات كثيرة جدًا. يُرجى الانتظار { $count } دقيقة قبل المحاولة مرة أخرى.
   *[other] محاولات كثيرة جدًا. يُرجى الانتظار { $count } دقيقة قبل المحاولة مرة أخرى.
}
login-no-account = ليس لديك حساب بعد؟
register-title = إنشاء حساب
register-username = اسم المستخدم
register-username-hint = من ٢ إلى ٣٠ حرفًا لاتينيًا صغيرًا أو رقمًا أو _، يبدأ بحرف. يظهر للآخرين.
register-email = البريد الإلكتروني
register-password = كلمة المرور
register-password-hint = ١٠ أحرف على الأقل.
register-submit = إنشاء حسابي
register-have-account = لديك حساب بالفعل؟
register-closed = لا يقبل هذا الخادم حسابات جديدة. اطلب حسابًا من مشرفيه.
register-invite-only = يقبل هذا الخادم الأعضاء الجدد بالدعوة فقط. افتح رابط الدعوة الذي أُرسل إليك.
register-error-username = اسم المستخدم هذا غير مقبول: استخدم من ٢ إلى ٣٠ حرفًا لاتينيًا صغيرًا أو رقمًا أو _، على أن يبدأ بحرف.
register-error-email = يبدو أن عنوان البريد الإلكتروني هذا غير صحيح.
register-error-password = يجب ألا تقل كلمة المرور عن ١٠ أحرف.
register-error-email-taken = يوجد حساب بهذا البريد الإلكتروني بالفعل.
register-error-username-taken = اسم المستخدم هذا محجوز بالفعل.
register-error-invitation = رابط الدعوة هذا غير صالح، أو سبق استخدامه.

## Offline
offline-title = أنت غير متصل بالشبكة
offline-text = تحتاج هذه الصفحة إلى اتصال. لم يضِع ما كنت تفعله: عُد إليها حين يعود الاتصال.
offline-retry = إعادة المحاولة

## Feeds and posts in lists
home-title = خلاصتك
home-my-spaces = مساحاتك
home-no-spaces = لست عضوًا في أي مساحة بعد.
home-find-spaces = البحث عن مساحات
home-invitations = { $count ->
    [zero] ليست لديك دعوات إلى مساحات.
    [one] لديك دعوة إلى مساحة.
    [two] لديك دعوتان إلى مساحات.
    [few] لديك { $count } دعوات إلى مساحات.
    [many] لديك { $count } دعوة إلى مساحات.
   *[other] لديك { $count } دعوة إلى مساحات.
}
public-title = أحدث ما في المساحات العامة
public-intro = أغورا هي المكان الذي تتشارك فيه شبكتنا الأخبار والنقاشات والموارد.
feed-label = المنشورات
feed-empty = لا شيء هنا بعد.
feed-older = منشورات أقدم
post-language = اللغة: { $code }
post-language-title = اللغة التي كُتب بها هذا المحتوى
comments-count = { $count ->
    [0] لا توجد تعليقات
    [zero] لا توجد تعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}
members-count = { $count ->
    [zero] لا أعضاء
    [one] عضو واحد
    [two] عضوان
    [few] { $count } أعضاء
    [many] { $count } عضوًا
   *[other] { $count } عضو
}

## الترجمة الآلية (زر الترجمة)
translate-button = ترجمة
translate-title = الترجمة
translate-machine = ترجمة آلية من «{ $language }»: قد تحتوي على أخطاء.
translate-original = عرض النص الأصلي
translate-error-off = الترجمة غير متاحة على هذا الخادم.
translate-error-private = لا يُرسَل محتوى المساحات الخاصة إلى خدمة الترجمة في هذا الخادم.
translate-error-same = هذا النص بلغتك أصلًا.
translate-error-too-long = هذا النص أطول من أن يُترجَم.
translate-error-too-many = طلبت ترجمات كثيرة خلال الساعة الأخيرة. يُرجى المحاولة لاحقًا.
translate-error-unavailable = خدمة الترجمة غير متاحة حاليًا. يُرجى المحاولة لاحقًا.
translate-error-slow = استغرقت خدمة الترجمة وقتًا طويلًا للرد. يُرجى المحاولة لاحقًا.

# Atom feeds, named in the pages that link to them.
feed-public = المنشورات العامة (موجز Atom)
feed-events = الفعاليات العامة القادمة (موجز Atom)
feed-space = { $space }: المنشورات (موجز Atom)

# The front page for visitors, and its editor.
front-title = الصفحة الرئيسية
front-hint = ما يقرؤه الزوار أولًا في الصفحة الرئيسية، فوق المساحات العامة والفعاليات القادمة والمنشورات الحديثة: من أنتم وماذا تفعل الشبكة. بصيغة Markdown. اكتبه باللغات التي تستطيعها؛ الزائر الذي لا يوجد نص بلغته يقرأ النص الإنجليزي أو أي نص آخر.
front-saved = حُفظت الصفحة الرئيسية.
front-see = عرضها
front-spaces = المساحات العامة
front-events = الفعاليات القادمة
front-posts = أحدث المنشورات
front-all-spaces = كل المساحات

# Asking before a destructive action without JavaScript
confirm-question = هل أنت متأكد؟
confirm-title = يُرجى التأكيد
confirm-yes = نعم، تابع
confirm-no = لا، ارجع

# First steps on the home page (issue 19 point 7)
first-steps-member = خطواتك الأولى
first-steps-admin = إعداد هذا المثيل
first-steps-profile = أضف اسمك ومنظمتك إلى ملفك الشخصي
first-steps-space = انضم إلى مساحة
first-steps-notifications = اختر كيف تصلك الإشعارات
first-steps-domain = امنح المثيل نطاقه (instance.domain في agora.toml)
first-steps-registration = قرّر من يمكنه الانضمام: ادعُ أشخاصًا أو افتح التسجيل
first-steps-federation = حدّد سياسة الاتحاد: مع من يتواصل هذا المثيل
first-steps-email = اربط خادم بريد (email.smtp_url) لتصل الرسائل إلى الناس
first-steps-done = تم
first-steps-hide = إخفاء هذه الخطوات

# Time zone lists (profile, event form) and forms shown again with messages.
zone-group-yours = منطقتك الزمنية
zone-group-browser = المنطقة الزمنية لهذا الجهاز
form-refused = بعض الحقول تحتاج إلى مراجعة: الرسائل بجانبها.
form-error-timezone = اختر منطقة زمنية من القائمة.
form-error-too-long = هذا طويل جدًا.
form-error-choice = اختر واحدًا من القائمة.

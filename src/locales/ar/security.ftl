## الحفاظ على الحساب: كلمات المرور وإعادة تعيينها، تأكيد البريد الإلكتروني، العامل الثاني، الجلسات والرموز.

## تبويبات الإعدادات
security-settings-sections = الإعدادات
security-nav-profile = الملف الشخصي
security-nav-security = الأمان
security-nav-sessions = الجلسات
security-title = الأمان

## كلمة المرور
security-password-heading = كلمة المرور
security-password-current = كلمة المرور الحالية
security-password-new = كلمة المرور الجديدة
security-password-hint = ١٠ أحرف على الأقل. تغييرها يُخرجك من كل الأماكن الأخرى.
security-password-submit = تغيير كلمة المرور
security-password-changed = غُيّرت كلمة المرور. أُنهيت جلساتك في كل الأماكن الأخرى.
security-password-wrong = هذه ليست كلمة مرورك الحالية.
security-password-weak = يجب أن تتكون كلمة المرور الجديدة من ١٠ أحرف على الأقل.
security-password-confirm = كلمة مرورك

## عنوان البريد الإلكتروني
security-email-heading = عنوان البريد الإلكتروني
security-email-verified = مؤكَّد
security-email-unverified = لم يُؤكَّد بعد: اتبع الرابط الذي أرسلناه إلى هذا العنوان
security-email-resend = أرسل الرابط مرة أخرى
security-email-sent = أُرسل رابط. اتبعه لتأكيد العنوان.
security-email-pending = أُرسل رابط إلى { $email }: يتغير عنوانك عندما تتبعه.
security-email-new = العنوان الجديد
security-email-hint = لا يتغير عنوانك إلا بعد أن تتبع الرابط الذي نرسله إلى العنوان الجديد.
security-email-submit = تغيير العنوان
security-email-invalid = لا يبدو عنوان البريد الإلكتروني هذا صحيحًا.
security-email-taken = هذا العنوان مستخدم في حساب آخر.
security-email-too-many = أُرسلت عدة روابط خلال الساعة الأخيرة. انتظر قليلًا ثم حاول مرة أخرى.

## العامل الثاني
security-totp-heading = العامل الثاني
security-totp-intro = مع العامل الثاني، يطلب تسجيل الدخول إضافةً إلى كلمة المرور رمزًا من تطبيق على هاتفك (مثل Aegis أو FreeOTP أو Google Authenticator): من يعرف كلمة مرورك لا يستطيع الدخول رغم ذلك.
security-totp-on = مُفعَّل منذ { $date }.
security-totp-off = العامل الثاني غير مُفعَّل.
security-totp-required = يشترط هذا الخادم على المشرفين والمديرين استخدام عامل ثانٍ. أضف واحدًا لتتابع.
security-totp-start = إضافة عامل ثانٍ
security-totp-scan = امسح هذا الرمز بتطبيق المصادقة، أو اكتب فيه المفتاح أدناه. ثم اكتب الرمز الذي يعرضه التطبيق.
security-totp-qr-alt = رمز QR لمسحه بتطبيق المصادقة
security-totp-key = المفتاح:
security-totp-code = الرمز الذي يعرضه التطبيق
security-totp-confirm = تفعيل
security-totp-wrong = هذا الرمز غير صحيح. تأكد من صحة ساعة الهاتف واكتب الرمز المعروض الآن.
security-totp-disable = إيقاف العامل الثاني
security-totp-disabled = العامل الثاني غير مُفعَّل.
security-recovery-heading = رموز الاسترداد الخاصة بك
security-recovery-intro = إذا فقدت هاتفك، يحل كل رمز من هذه الرموز مرة واحدة محل رمز من التطبيق. دوّنها أو اطبعها واحفظها في مكان آمن: لن تُعرض إلا الآن.
security-recovery-left = { $count ->
    [zero] لم يبقَ أي رمز استرداد.
    [one] بقي رمز استرداد واحد.
    [two] بقي رمزا استرداد.
    [few] بقيت { $count } رموز استرداد.
    [many] بقي { $count } رمز استرداد.
   *[other] بقي { $count } رمز استرداد.
}
security-recovery-new = إنشاء رموز استرداد جديدة

## تسجيل الدخول بعامل ثانٍ
security-code-title = الخطوة الثانية: رمزك
security-code-intro = افتح تطبيق المصادقة واكتب الرمز المكوّن من ٦ أرقام الذي يعرضه لهذا الخادم. فقدت هاتفك؟ اكتب أحد رموز الاسترداد بدلًا منه.
security-code-label = الرمز
security-code-submit = متابعة
security-code-wrong = هذا الرمز غير صحيح أو سبق استخدامه. حاول مرة أخرى.
security-code-expired = استغرق تسجيل الدخول هذا وقتًا طويلًا أو تلقى رموزًا خاطئة كثيرة. أدخل كلمة المرور مرة أخرى.
security-code-locked = أُدخلت رموز خاطئة كثيرة لهذا الحساب. انتظر ١٥ دقيقة ثم سجّل الدخول من جديد.

## نسيان كلمة المرور
security-forgot-link = نسيت كلمة المرور؟
security-forgot-title = نسيت كلمة المرور
security-forgot-intro = اكتب عنوان البريد الإلكتروني لحسابك. سنرسل إليه رابطًا لاختيار كلمة مرور جديدة؛ يعمل الرابط مرة واحدة، لمدة ساعة.
security-forgot-email = البريد الإلكتروني
security-forgot-submit = أرسل لي رابطًا
security-forgot-sent = إذا كان هذا العنوان لحساب ما، فرابط اختيار كلمة مرور جديدة في الطريق. تفقّد صندوق الوارد ومجلد الرسائل غير المرغوب فيها.
security-forgot-no-mail = لم تصلك أي رسالة؟ يمكن لأحد مديري هذا الخادم أن يعطيك رابطًا أيضًا.
security-reset-title = اختيار كلمة مرور جديدة
security-reset-intro = بعد ذلك تُنهى كل جلساتك: سجّل الدخول من جديد بكلمة المرور الجديدة.
security-reset-submit = حفظ كلمة المرور الجديدة
security-reset-dead = انتهت صلاحية هذا الرابط أو سبق استخدامه. اطلب رابطًا جديدًا.
security-reset-done = غُيّرت كلمة المرور. سجّل الدخول بها.

## تأكيد العنوان
security-verify-title = عنوان البريد الإلكتروني
security-verify-done = تم تأكيد عنوان بريدك الإلكتروني { $email }. شكرًا لك.
security-verify-dead = انتهت صلاحية هذا الرابط أو سبق استخدامه. أرسل رابطًا جديدًا من إعدادات الأمان.

## الجلسات ورموز الواجهة البرمجية
security-sessions-title = الجلسات ورموز الواجهة البرمجية
security-sessions-intro = المتصفحات والتطبيقات المتصلة بحسابك. أنهِ أي جلسة لا تعرفها.
security-sessions-heading = جلسات المتصفح
security-sessions-device = المتصفح
security-sessions-started = بدأت في
security-sessions-last-used = آخر استخدام
security-sessions-never = أبدًا
security-sessions-current = هذا المتصفح
security-sessions-end = إنهاء
security-tokens-heading = رموز الواجهة البرمجية
security-tokens-name = الاسم
security-tokens-none = لا توجد رموز للواجهة البرمجية.
security-tokens-revoke = إلغاء

## الإدارة
security-admin-heading = الأمان
security-admin-require-totp = يجب على المشرفين والمديرين استخدام عامل ثانٍ
security-admin-require-totp-hint = من دونه لا يمكنهم بعد تسجيل الدخول إلا إضافة عامل ثانٍ، وتُرفض طلباتهم إلى الواجهة البرمجية.
security-admin-password = كلمة المرور
security-admin-reset = إنشاء رابط لإعادة التعيين
security-admin-reset-made = رابط لإعادة تعيين كلمة مرور { $name }، صالح لمدة { $hours } ساعة. لا يُعرض إلا الآن: سلّمه عبر قناة موثوقة.
security-admin-reset-link = رابط إعادة التعيين
security-admin-remove-factor = إزالة العامل الثاني
security-admin-remove-factor-hint = لعضو فقد هاتفه ورموز الاسترداد: سيسجّل الدخول بكلمة المرور وحدها إلى أن يضيف عاملًا جديدًا.
security-admin-factor-removed = أُزيل العامل الثاني للحساب { $name }.

## الأخطاء
error-second_factor_required = يلزم رمز من تطبيق المصادقة
error-second_factor_enrolment_required = أضف عاملًا ثانيًا أولًا

## رسائل البريد
security-mail-greeting = مرحبًا { $name }،
security-mail-reset-subject = اختر كلمة مرور جديدة على { $domain }
security-mail-reset-body = طلب أحدهم، ونأمل أن تكون أنت، اختيار كلمة مرور جديدة للحساب { $username } على { $domain }.
security-mail-reset-expiry = { $count ->
    [zero] يعمل الرابط مرة واحدة.
    [one] يعمل الرابط مرة واحدة، لمدة ساعة.
    [two] يعمل الرابط مرة واحدة، لمدة ساعتين.
    [few] يعمل الرابط مرة واحدة، لمدة { $count } ساعات.
    [many] يعمل الرابط مرة واحدة، لمدة { $count } ساعة.
   *[other] يعمل الرابط مرة واحدة، لمدة { $count } ساعة.
}
security-mail-reset-action = اختيار كلمة مرور جديدة
security-mail-reset-ignore = إذا لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.
security-mail-verify-subject = أكّد عنوان بريدك الإلكتروني على { $domain }
security-mail-verify-body = يُرجى تأكيد أن هذا العنوان يخص الحساب { $username } على { $domain }.
security-mail-verify-expiry = { $count ->
    [zero] الرابط صالح لفترة قصيرة.
    [one] الرابط صالح لمدة ساعة.
    [two] الرابط صالح لمدة ساعتين.
    [few] الرابط صالح لمدة { $count } ساعات.
    [many] الرابط صالح لمدة { $count } ساعة.
   *[other] الرابط صالح لمدة { $count } ساعة.
}
security-mail-verify-action = تأكيد هذا العنوان
security-mail-verify-ignore = إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يُستخدم هذا العنوان.

## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.


mail-greeting = مرحبًا { $name }،
mail-open = افتح في أغورا
mail-private-no-text = حدث هذا في مساحة خاصة، ويبقى نصّه فيها: افتح أغورا لقراءته.
mail-preferences = اختر ما يصلك وكيف يصلك: { $url }
mail-unsubscribe = إيقاف هذه الرسائل
mail-unsubscribe-digest = إيقاف هذا الملخّص
mail-why-email = تصلك هذه الرسالة لأن إعدادات إشعاراتك ترسل { $category } بالبريد فورًا.
mail-why-email-space = تصلك هذه الرسالة لأن إعدادات إشعاراتك ترسل { $category } في { $space } بالبريد فورًا.

## الفئات وطرق الإيصال (في صفحة الإعدادات أيضًا).
mail-category-mentions = الإشارات إليّ
mail-category-replies = الردود والتعليقات
mail-category-reactions = التفاعلات
mail-category-posts = المنشورات الجديدة
mail-category-membership = العضويات والدعوات
mail-category-requests = طلبات الانضمام
mail-category-organising = الفعاليات التي أنظّمها
mail-category-events = الفعاليات التي سجّلت فيها
mail-category-library = عناصر المكتبة التي أتابعها
mail-category-reports = البلاغات المطلوب معالجتها
mail-delivery-email = بريد فوري
mail-delivery-daily = ملخّص يومي
mail-delivery-weekly = ملخّص أسبوعي
mail-delivery-app = في أغورا فقط
mail-delivery-off = متوقّف

## الملخّصات.
mail-digest-daily-subject = { $count ->
    [zero] ملخّصك اليومي: لا إشعارات
    [one] ملخّصك اليومي: إشعار واحد
    [two] ملخّصك اليومي: إشعاران
    [few] ملخّصك اليومي: { $count } إشعارات
    [many] ملخّصك اليومي: { $count } إشعارًا
   *[other] ملخّصك اليومي: { $count } إشعار
}
mail-digest-weekly-subject = { $count ->
    [zero] ملخّصك الأسبوعي: لا إشعارات
    [one] ملخّصك الأسبوعي: إشعار واحد
    [two] ملخّصك الأسبوعي: إشعاران
    [few] ملخّصك الأسبوعي: { $count } إشعارات
    [many] ملخّصك الأسبوعي: { $count } إشعارًا
   *[other] ملخّصك الأسبوعي: { $count } إشعار
}
mail-digest-daily-intro = إليك ما حدث في مساحاتك منذ ملخّصك اليومي الأخير.
mail-digest-weekly-intro = إليك ما حدث في مساحاتك منذ ملخّصك الأسبوعي الأخير.
mail-digest-more = هناك أكثر مما تتّسع له رسالة واحدة: البقية في صفحة إشعاراتك.
mail-digest-open = عرض كل الإشعارات
mail-digest-elsewhere = في أماكن أخرى
mail-why-digest-daily = يصلك هذا الملخّص لأن بعض الإشعارات مضبوطة على ملخّص يومي في تفضيلاتك.
mail-why-digest-weekly = يصلك هذا الملخّص لأن بعض الإشعارات مضبوطة على ملخّص أسبوعي في تفضيلاتك.

## الدعوات.
mail-invitation-subject = أنت مدعو للانضمام إلى { $instance }
mail-invitation-greeting = مرحبًا،
mail-invitation-body = يدعوك { $inviter } إلى الانضمام إلى { $instance }، حيث تعمل شبكتك معًا.
mail-invitation-expires = يعمل الرابط مرة واحدة، حتى { $date }.
mail-invitation-register = أنشئ حسابك
mail-invitation-why = تصلك هذه الرسالة لأن أحد مشرفي { $instance } أدخل عنوانك. إن كنت لا تريد الانضمام فتجاهلها.
mail-invitation-email = أرسل الرابط بالبريد إلى (اختياري)
mail-invitation-email-hint = يُرسل الرابط إلى هذا العنوان بلغة المنصّة، ويظهر هنا أيضًا.
mail-invitation-sent = أُرسل الرابط إلى { $address }.

## إعداد البريد لمساحة.
mail-space-full-text = يجوز أن تقتبس الرسائل منشورات هذه المساحة وتعليقاتها
mail-space-full-text-hint = عند الإيقاف: لا تحمل الرسائل عن هذه المساحة الخاصة إلا العناوين والأسماء، ويقرأ الأعضاء النص في أغورا.

## البريد الصادر (الإدارة).
mail-outbox = البريد الصادر
mail-outbox-files = لم يُضبط خادم SMTP: تُحفظ الرسائل ملفاتِ ‎.eml في مجلد mail داخل مجلد البيانات، وتُعرض هنا.
mail-outbox-all = الكل
mail-outbox-failed = المتروكة
mail-outbox-none = لا رسائل بعد.
mail-outbox-subject = الموضوع
mail-outbox-recipient = إلى
mail-outbox-kind = النوع
mail-outbox-state = الحالة
mail-outbox-time = أُدرجت في
mail-outbox-older = رسائل أقدم
mail-outbox-back = كل البريد الصادر
mail-outbox-attempts = المحاولات
mail-outbox-error = آخر خطأ
mail-outbox-file = الملف
mail-outbox-language = اللغة
mail-outbox-text = النص
mail-state-pending = في الانتظار
mail-state-sent = أُرسلت
mail-state-written = محفوظة في ملف
mail-state-failed = متروكة

## إعدادات الإشعارات.
prefs-title = إعدادات الإشعارات
prefs-saved = حُفظت إعدادات إشعاراتك.
prefs-intro = اختر كيف يصلك كل نوع من الأخبار: بالبريد فورًا، أو في ملخّص يومي أو أسبوعي، أو هنا في أغورا فقط، أو لا يصلك إطلاقًا.
prefs-everywhere = في كل المساحات
prefs-category = أخبار عن
prefs-category-hint-mentions = يذكرك أحدهم في منشور أو تعليق.
prefs-category-hint-replies = تعليقات على منشوراتك، وردود على تعليقاتك.
prefs-category-hint-reactions = تفاعلات مع ما كتبته.
prefs-category-hint-posts = منشورات جديدة في المساحات التي تتابعها.
prefs-category-hint-membership = الردّ على طلبات انضمامك، والدعوات إلى المساحات.
prefs-category-hint-requests = أشخاص يطلبون الانضمام إلى مساحة تديرها.
prefs-category-hint-organising = التسجيلات والإلغاءات في فعالياتك.
prefs-category-hint-events = تغييرات الفعاليات التي سجّلت فيها وإلغاؤها والتذكير بها.
prefs-category-hint-library = تغييرات عناصر المكتبة التي تتابعها والتعليقات عليها.
prefs-category-hint-reports = بلاغات تنتظر مشرفًا.
prefs-default = (الافتراضي)
prefs-spaces = مساحةً مساحة
prefs-spaces-intro = يمكن لمساحة أن تختلف عن غيرها: اختر هنا ما يتغيّر لها.
prefs-no-spaces = لست في أي مساحة بعد.
prefs-overrides = { $count ->
    [zero] لا تغييرات
    [one] تغيير واحد
    [two] تغييران
    [few] { $count } تغييرات
    [many] { $count } تغييرًا
   *[other] { $count } تغيير
}
prefs-as-everywhere = كما في كل المساحات
prefs-save-space = حفظ لـ { $space }
space-watch = متابعة المنشورات الجديدة
space-stop-watching = إيقاف المتابعة

## إلغاء الاشتراك.
unsubscribe-title = إلغاء الاشتراك
unsubscribe-confirm = إيقاف الرسائل عن { $what }؟
unsubscribe-button = إلغاء الاشتراك
unsubscribe-done = تمّ: لن تصلك رسائل بعد الآن عن { $what }.
unsubscribe-change = يمكنك تغيير ذلك في أي وقت:
mail-unsubscribe-what = { $category }
mail-unsubscribe-what-space = { $category } في { $space }
mail-unsubscribe-what-digest-daily = الملخّص اليومي
mail-unsubscribe-what-digest-weekly = الملخّص الأسبوعي

## Guests (issue 17 point 5): emails to people without an account
guest-mail-greeting = مرحبًا { $name }،
guest-mail-confirm-subject = أكِّد تسجيلك في «{ $event }»
guest-mail-confirm-body = قُدِّم هذا العنوان للتسجيل في «{ $event }» على { $instance }. للتأكيد، افتح الرابط أدناه واضغط على الزر.
guest-mail-confirm-button = تأكيد تسجيلي
guest-mail-confirm-ignore = إن لم تكن أنت، فتجاهل هذه الرسالة: لا يحدث شيء دون تأكيد.
guest-mail-already-subject = أنت مسجل مسبقًا في «{ $event }»
guest-mail-going-subject = أنت مسجل في «{ $event }»
guest-mail-registered-subject = تسجيلك في «{ $event }»
guest-mail-rejected-subject = رُفض تسجيلك في «{ $event }»
guest-mail-cancelled-subject = أُلغي تسجيلك في «{ $event }»
guest-mail-removed-subject = أزال المنظمون تسجيلك في «{ $event }»
guest-mail-state-unconfirmed = لم يُؤكَّد تسجيلك بعد.
guest-mail-state-going = لديك مكان.
guest-mail-state-waiting = أنت على قائمة الانتظار: سنراسلك إن شغر مكان.
guest-mail-state-pending = تسجيلك بانتظار موافقة المنظمين: سنراسلك.
guest-mail-state-rejected = رُفض تسجيلك.
guest-mail-state-cancelled = أُلغي تسجيلك.
guest-mail-message-intro = رسالة من منظمي «{ $event }»:
guest-mail-time = من { $start } إلى { $end } ({ $zone })
guest-mail-when = الموعد: { $when }
guest-mail-where = المكان: { $place }
guest-mail-link = عبر الإنترنت: { $url }
guest-mail-link-later = عبر الإنترنت: يصلك الرابط بالبريد الإلكتروني حين يصبح لك مكان.
guest-mail-why = تصلك هذه الرسالة لأن هذا العنوان سُجِّل ضيفًا في «{ $event }» على { $instance }.
guest-mail-cancel-link = إلغاء تسجيلي

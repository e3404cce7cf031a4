# admin: running the instance

admin-title = الإدارة
admin-sections = أقسام الإدارة
admin-overview = نظرة عامة

## Instance roles
admin-role-member = عضو
admin-role-moderator = مشرف
admin-role-admin = مدير

## Accounts
admin-users = الحسابات
admin-users-intro = كل من لديه حساب هنا، وأدوارهم.
admin-users-count = { $count ->
    [zero] لا توجد حسابات
    [one] حساب واحد
    [two] حسابان
    [few] { $count } حسابات
    [many] { $count } حسابًا
   *[other] { $count } حساب
}
admin-users-name = الاسم
admin-users-email = البريد الإلكتروني
admin-users-role = الدور
admin-users-since = منذ
admin-users-role-of = دور { $name }
admin-users-change-role = تغيير الدور

admin-users-suspension = التعليق
admin-users-suspension-hint = لا يستطيع الأعضاء المعلّقون تسجيل الدخول ولا استخدام رموزهم إلى أن يُرفع التعليق.
admin-users-suspend-reason = السبب، للسجل
admin-users-suspend = تعليق
admin-users-suspend-confirm = هل تريد تعليق حساب { $name }؟
admin-users-unsuspend = رفع التعليق

## Invitation links
admin-invitations = روابط الدعوة
admin-invitations-intro = يتيح كل رابط لشخص واحد إنشاء حساب على هذا الخادم.
admin-invitations-new = رابط دعوة جديد
admin-invitations-note = ملاحظة
admin-invitations-note-hint = للتذكير بمن هو موجّه إليه. لا يراها إلا المشرفون.
admin-invitations-days = مدة الصلاحية (بالأيام)
admin-invitations-create = إنشاء الرابط
admin-invitations-created = رابط الدعوة جاهز. انسخه الآن وأرسله إلى الشخص الموجّه إليه.
admin-invitations-link = رابط الدعوة
admin-invitations-expires = يظل صالحًا حتى { $date }.
admin-invitations-once = لن يُعرض إلا هذه المرة.
admin-invitations-list = الروابط المنشأة حتى الآن
admin-invitations-none = لا توجد روابط دعوة بعد.
admin-invitations-made = تاريخ الإنشاء
admin-invitations-expiry = تاريخ الانتهاء
admin-invitations-used-by = استخدمه
admin-invitations-no-note = بلا ملاحظة
admin-invitations-unused = لم يُستخدم

## Federation policy
admin-federation = الاتحاد
admin-federation-intro = الخوادم الأخرى التي يتبادل معها هذا الخادم.
admin-federation-settings = الإعدادات
admin-federation-mode = الوضع
admin-mode-open = مفتوح
admin-mode-blocklist = قائمة الحظر
admin-mode-allowlist = قائمة السماح
admin-mode-hint-open = التبادل مع جميع الخوادم؛ وتبقى القواعد أدناه سارية.
admin-mode-hint-blocklist = التبادل مع جميع الخوادم باستثناء المعلّقة.
admin-mode-hint-allowlist = التبادل فقط مع الخوادم التي لها قاعدة «سماح».
admin-federation-publish = نشر قائمة الخوادم المقيّدة والمعلّقة
admin-federation-rules = القواعد حسب الخادم
admin-federation-no-rules = لا توجد قواعد بعد.
admin-action-none = بلا قيود
admin-action-limit = تقييد
admin-action-suspend = تعليق
admin-action-allow = سماح
admin-rule-domain = الخادم
admin-rule-domain-hint = اسم نطاقه، مثل example.org. تشمل القاعدة نطاقاته الفرعية أيضًا.
admin-rule-action = الإجراء
admin-rule-reasons = الأسباب
admin-rule-made = أنشأها
admin-rule-reject-media = رفض ملفات الوسائط الواردة منه
admin-rule-reject-reports = تجاهل البلاغات الواردة منه
admin-rule-obfuscate = إخفاء جزء من اسمه في القائمة العامة
admin-rule-public-reason = السبب المعلن
admin-rule-private-comment = تعليق داخلي
admin-rule-expires = تنتهي في { $date }
admin-rule-lift = رفع
admin-rule-lift-confirm = هل تريد رفع القاعدة المفروضة على { $domain }؟
admin-rule-new = إضافة قاعدة أو تعديلها
admin-rule-days = تنتهي تلقائيًا بعد (بالأيام)
admin-rule-days-hint = اتركه فارغًا لإبقاء القاعدة حتى ترفعها بنفسك.
admin-error-invitation-days = أدخل عددًا صحيحًا من الأيام بين 1 و365.
admin-error-rule-domain = أدخل اسم نطاق مثل example.org.
admin-error-rule-days = أدخل عددًا صحيحًا من الأيام بين 1 و3٬650، أو اتركه فارغًا.
admin-rule-save = حفظ القاعدة

## Reports
admin-reports = البلاغات
admin-reports-open-count = { $count ->
    [zero] لا توجد بلاغات مفتوحة.
    [one] بلاغ مفتوح واحد.
    [two] بلاغان مفتوحان.
    [few] { $count } بلاغات مفتوحة.
    [many] { $count } بلاغًا مفتوحًا.
   *[other] { $count } بلاغ مفتوح.
}
admin-reports-states = البلاغات حسب الحالة
admin-report-state-open = مفتوحة
admin-report-state-resolved = معالَجة
admin-report-state-dismissed = مرفوضة
admin-reports-none = لا توجد بلاغات هنا.
admin-report-title = البلاغ { $id }
admin-report-by = المُبلِّغ
admin-report-from = أرسله الخادم
admin-report-forwarded = مُحال
admin-report-private = مساحة خاصة
admin-report-private-hidden = المحتوى المبلَّغ عنه موجود في مساحة خاصة لست عضوًا فيها: يتولّاه مديرو المساحة. يمكنك اتخاذ إجراء بشأن الحساب المبلَّغ عنه.
admin-report-space = المساحة
admin-report-account = الشخص المُبلَّغ عنه
admin-report-post = المنشور
admin-report-post-link = المنشور { $id }
admin-report-comment = التعليق
admin-report-reason = السبب
admin-report-resolution = النتيجة
admin-decision-dismiss = رفض البلاغ
admin-decision-remove_content = حذف المحتوى
admin-decision-suspend_account = تعليق الحساب
admin-decision-ban_from_space = حظر من المساحة
admin-report-decision = الإجراء
admin-report-note = ملاحظة للسجل
admin-report-act = التنفيذ والإغلاق
admin-report-act-confirm = هل تريد تنفيذ هذا الإجراء وإغلاق البلاغ؟

## Personal data: export, account deletion, profile visibility, the privacy notice.

## Who sees my profile (settings)
data-visibility = من يمكنه رؤية ملفي الشخصي (المنظمة، البلد، اللغات، النبذة)
data-visibility-everyone = الجميع، بمن فيهم غير المسجّلين للدخول والخوادم الأخرى
data-visibility-instance = أعضاء هذا المثيل
data-visibility-nobody = لا أحد سواي والمشرفين

## My data (settings)
data-title = بياناتي
data-export-hint = نزّل كل ما كتبته هنا مع ملفك الشخصي في ملف zip واحد: ملفات بيانات وصفحة يمكنك فتحها في المتصفح.
data-export = تنزيل بياناتي
data-delete-link = حذف حسابي

## Deleting my account
data-delete-title = حذف حسابي
data-delete-intro = سيُسجَّل خروجك من كل مكان ولن يتمكن أحد من الدخول إلى هذا الحساب مرة أخرى. يبقى اسم المستخدم محجوزًا حتى لا يأخذه أحد. قد ترغب في تنزيل بياناتك أولًا.
data-delete-content = ما يحدث لما كتبته
data-delete-anonymise = الإبقاء على منشوراتي وتعليقاتي وملفاتي دون اسمي وملفي الشخصي
data-delete-everything = حذف منشوراتي وتعليقاتي وتفاعلاتي وملفات المكتبة التي أنشأتها
data-delete-password = كلمة المرور، للتأكيد
data-delete-confirm = حذف حسابي نهائيًا
data-delete-cancel = الإبقاء على حسابي
data-delete-wrong-password = هذه ليست كلمة مرورك.
data-delete-last-admin = أنت آخر مشرف على هذا المثيل. عيّن شخصًا آخر مشرفًا أولًا.
data-delete-sole-manager = أنت المدير الوحيد لهذه المساحات. عيّن عضوًا آخر مديرًا لكل منها، أو غادرها، قبل حذف حسابك:

## The privacy notice
data-privacy-title = إشعار الخصوصية
data-privacy-read = قراءة إشعار الخصوصية
data-privacy-none = لم يكتب مشرفو هذا المثيل إشعار خصوصية بعد.
data-privacy-edit = إشعار الخصوصية الذي يُعرض على كل من يسجّل
data-privacy-hint = ماركداون: **غامق**، *مائل*، [روابط](https://example.org)، قوائم وعناوين.
data-privacy-saved = تم حفظ إشعار الخصوصية.

## The export archive's index.html
data-export-title = بياناتي على أغورا
data-export-made = صُدّرت في { $date }. كل ملف مذكور هنا موجود في الأرشيف بجانب هذه الصفحة.
data-export-email = البريد الإلكتروني
data-export-memberships = مساحاتي
data-export-posts = منشوراتي
data-export-comments = تعليقاتي
data-export-reactions = تفاعلاتي
data-export-events = الفعاليات التي أنظمها
data-export-registrations = تسجيلاتي في الفعاليات
data-export-library = ملفات المكتبة وملاحظاتها التي أنشأتها
data-export-library-comments = تعليقاتي على المكتبة
data-export-notifications = إشعاراتي

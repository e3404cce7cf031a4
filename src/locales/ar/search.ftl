# البحث: خانة البحث في رأس كل صفحة وصفحة النتائج.

## خانة رأس الصفحة
search-label = بحث
search-placeholder = ابحث…
search-submit = بحث

## صفحة النتائج
search-title = البحث
search-title-for = البحث: { $query }
search-words = الكلمات المطلوبة
search-filters = عوامل التصفية
search-kind = النوع
search-kind-any = الكل
search-kind-post = منشور
search-kind-comment = تعليق
search-kind-event = فعالية
search-kind-library_item = المكتبة
search-kind-space = مساحة
search-kind-person = شخص
search-space = المساحة
search-space-hint = اسمها المختصر كما في عنوانها (/s/الاسم).
search-author = الكاتب
search-author-hint = معرّف: الاسم أو الاسم@الخادم.
search-language = اللغة
search-language-any = كل اللغات
search-since = من
search-until = إلى
search-apply = بحث
search-prompt = اكتب كلمة أو أكثر: يجب العثور على كل كلمة بأحد أشكالها (التشكيل، الحروف الكبيرة، الجمع).
search-too-long = البحث طويل جدًا: { $max } حرفًا على الأكثر.
search-invalid = لا يمكن إجراء هذا البحث: { $reason }
search-none = لم يُعثر على شيء. جرّب كلمات أقل، أو أزل أحد عوامل التصفية.
search-count = { $count ->
    [zero] لا نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
    [many] { $count } نتيجة
   *[other] { $count } نتيجة
}
search-count-more = أكثر من { $count } نتيجة: تُعرض أحدث { $count } نتيجة مرتبة حسب الصلة. أضف كلمة أو عامل تصفية للعثور على النتائج الأقدم.
search-in-space = في { $space }
search-by = بقلم { $author }
search-previous = الصفحة السابقة
search-next = الصفحة التالية
search-page = الصفحة { $page } من { $pages }

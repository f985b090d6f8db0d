"""Interface strings and date formats for each language the theme speaks."""
from __future__ import annotations

import datetime as dt

STRINGS = {
    "ko": {
        "language_name": "한국어",
        "switch_to": "한국어로 보기",
        "skip": "본문으로 건너뛰기",
        "home": "홈", "archive": "지난 호", "tags": "태그", "search": "검색", "subscribe": "구독",
        "latest_issue": "이번 호", "recent_issues": "최근 호",
        "themes": "이번 주의 흐름", "papers": "논문", "papers_count": "논문 {n}편",
        "summary": "논문 소개", "abstract": "초록", "original_abstract": "영어 원문 초록",
        "other_abstract": "다른 언어 초록",
        "original_title": "원제",
        "links": "링크", "paper_link": "논문", "pdf": "PDF", "code": "코드", "project": "프로젝트",
        "more": "더 읽어보기", "editor_note": "편집자 메모", "authors": "저자",
        "cite": "인용하기", "permalink": "이 논문의 고유 주소", "in_issue": "수록 호",
        "published": "발행", "papers_tagged": "‘{tag}’ 태그가 붙은 논문",
        "fallback": "번역이 없어 {lang} 원문을 보여 줍니다.",
        "not_found": "페이지를 찾을 수 없습니다", "not_found_text": "주소가 바뀌었거나 없는 페이지입니다. 아래에서 다시 찾아보세요.",
        "search_placeholder": "제목, 저자, arXiv 번호, 키워드", "search_text": "지난 호의 모든 논문을 검색합니다.",
        "search_found": "검색 결과 {n}건", "search_none": "검색 결과가 없습니다.", "search_loading": "검색하는 중…",
        "search_failed": "검색 색인을 불러오지 못했습니다.", "search_week": "{week} 주",
        "search_refine": "검색 결과 좁히기", "sort": "정렬", "sort_relevance": "관련도순", "sort_newest": "최신순",
        "filter_any": "전체", "filter_tag": "태그", "filter_year": "연도", "filter_issue": "호",
        "search_others": "{langs} 페이지도 검색", "search_more": "결과 더 보기",
        "search_noscript": "검색 결과를 보려면 자바스크립트가 필요합니다. 지난 호 목록에서 찾아보세요.",
        "feeds": "피드", "rss": "RSS", "atom": "Atom", "json_feed": "JSON Feed",
        "tag_feed": "이 태그의 피드", "previous": "이전 호", "next": "다음 호",
        "theme_papers": "관련 논문",
        "site_nav": "사이트 메뉴", "read_issue": "이번 호 전체 읽기",
        "pages": "페이지", "newer_papers": "최근 논문", "older_papers": "이전 논문",
        "tag_title": "태그: {tag}",
        "subscribe_text": "새 호가 나오면 바로 받아 보세요. 아래 주소 가운데 하나를 피드 리더에 추가하면 매주 새 호가 "
                          "전문 그대로 도착합니다.",
        "copy": "주소 복사", "copied": "복사했습니다",
        "feeds_howto": "RSS와 Atom은 거의 모든 피드 리더가 읽습니다. JSON Feed는 이를 지원하는 리더에서 쓰세요.",
        "tag_feeds": "태그별 피드", "tag_feeds_text": "관심 있는 주제의 논문만 받아 보려면 태그 피드를 구독하세요. "
                                                  "논문 한 편이 피드 항목 하나입니다.",
        "email": "이메일", "email_text": "피드 리더를 쓰지 않는다면 이메일로 받아 볼 수 있습니다.",
        "email_signup": "이메일 구독 신청", "unsubscribe": "구독 해지",
        "related": "함께 읽을 만한 논문",
        "topics": "주제별 흐름", "topics_intro": "태그마다 {start}부터 {end}까지 달마다 소개한 논문 수입니다.",
        "topics_table": "태그별·월별 논문 수", "tag": "태그", "total": "합계",
        "topics_more": "그 밖의 태그 {n}개는 태그 목록에 있습니다.", "topics_none": "아직 태그가 붙은 논문이 없습니다.",
    },
    "en": {
        "language_name": "English",
        "switch_to": "Read in English",
        "skip": "Skip to content",
        "home": "Home", "archive": "Archive", "tags": "Tags", "search": "Search", "subscribe": "Subscribe",
        "latest_issue": "This week", "recent_issues": "Recent issues",
        "themes": "This week's themes", "papers": "Papers", "papers_count": "{n} papers",
        "summary": "Introduction", "abstract": "Abstract", "original_abstract": "Original abstract",
        "other_abstract": "Abstract in other languages",
        "original_title": "Original title",
        "links": "Links", "paper_link": "Paper", "pdf": "PDF", "code": "Code", "project": "Project",
        "more": "Read more", "editor_note": "Editor's note", "authors": "Authors",
        "cite": "Cite", "permalink": "Permalink", "in_issue": "In issue",
        "published": "Published", "papers_tagged": "Papers tagged ‘{tag}’",
        "fallback": "No translation yet: shown in {lang}.",
        "not_found": "Page not found", "not_found_text": "The address may have changed. Try the archive or search.",
        "search_placeholder": "Titles, authors, arXiv ids, keywords", "search_text": "Search every paper in the archive.",
        "search_found": "{n} results", "search_none": "No results.", "search_loading": "Searching…",
        "search_failed": "The search index could not be loaded.", "search_week": "week of {week}",
        "search_refine": "Narrow the results", "sort": "Sort", "sort_relevance": "Relevance", "sort_newest": "Newest first",
        "filter_any": "All", "filter_tag": "Tag", "filter_year": "Year", "filter_issue": "Issue",
        "search_others": "Search {langs} pages too", "search_more": "More results",
        "search_noscript": "Search results need JavaScript; the archive lists every issue.",
        "feeds": "Feeds", "rss": "RSS", "atom": "Atom", "json_feed": "JSON Feed",
        "tag_feed": "Feed for this tag", "previous": "Previous issue", "next": "Next issue",
        "theme_papers": "Papers",
        "site_nav": "Site", "read_issue": "Read the whole issue",
        "pages": "Pages", "newer_papers": "Newer papers", "older_papers": "Older papers",
        "tag_title": "Tag: {tag}",
        "subscribe_text": "Get each issue as soon as it is out: add one of these addresses to your feed reader "
                          "and every week's issue arrives in full.",
        "copy": "Copy address", "copied": "Copied",
        "feeds_howto": "Almost every feed reader reads RSS and Atom; use JSON Feed if your reader supports it.",
        "tag_feeds": "Feeds per tag", "tag_feeds_text": "Only interested in some topics? Subscribe to a tag's feed: "
                                                       "one feed item per paper.",
        "email": "Email", "email_text": "Not using a feed reader? Get the issue by email instead.",
        "email_signup": "Sign up for the email edition", "unsubscribe": "Unsubscribe",
        "related": "Related papers",
        "topics": "Topics", "topics_intro": "Papers per tag for each month from {start} to {end}.",
        "topics_table": "Papers per tag per month", "tag": "Tag", "total": "Total",
        "topics_more": "{n} more tags are on the tags page.", "topics_none": "No tagged papers yet.",
    },
}

LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "ja": "日本語", "zh": "中文"}
# a language's name as a reader of another language calls it ("영어 페이지도 검색")
LANGUAGE_NAMES_IN = {"ko": {"ko": "한국어", "en": "영어", "ja": "일본어", "zh": "중국어"},
                     "en": {"ko": "Korean", "en": "English", "ja": "Japanese", "zh": "Chinese"}}


def strings(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS["en"])


def format_date(day: dt.date, lang: str) -> str:
    if lang == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day:%B} {day.day}, {day.year}"


def format_week(monday: dt.date, lang: str) -> str:
    """A week, Monday to Sunday: 2025년 6월 23일 ~ 29일, June 23–29, 2025."""
    end = monday + dt.timedelta(days=6)
    if lang == "ko":
        tail = f"{end.day}일" if end.month == monday.month else f"{end.month}월 {end.day}일"
        if end.year != monday.year:
            tail = f"{end.year}년 {tail}"
        return f"{format_date(monday, lang)} ~ {tail}"
    if end.year != monday.year:
        return f"{format_date(monday, lang)} – {format_date(end, lang)}"
    if end.month != monday.month:
        return f"{monday:%B} {monday.day} – {end:%B} {end.day}, {end.year}"
    return f"{monday:%B} {monday.day}–{end.day}, {end.year}"


def language_name(lang: str, reader: str | None = None) -> str:
    """A language's own name, or its name in the reader's language when that is known."""
    return LANGUAGE_NAMES_IN.get(reader or "", {}).get(lang) or LANGUAGE_NAMES.get(lang, lang)

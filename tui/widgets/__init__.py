"""The main screen's panes."""

from .key_footer import KeyFooter
from .paper_detail import PaperDetail
from .paper_list import PaperList
from .search_bar import SearchBar, SearchInput
from .source_pane import SourcePane, SourceView
from .tag_pane import TagPane

__all__ = [
    "KeyFooter",
    "PaperDetail",
    "PaperList",
    "SearchBar",
    "SearchInput",
    "SourcePane",
    "SourceView",
    "TagPane",
]

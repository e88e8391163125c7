"""The main screen's panes."""

from .key_footer import KeyFooter
from .paper_detail import PaperDetail
from .paper_list import PaperList
from .search_bar import SearchBar, SearchInput
from .source_pane import SourcePane, SourceView

__all__ = [
    "KeyFooter",
    "PaperDetail",
    "PaperList",
    "SearchBar",
    "SearchInput",
    "SourcePane",
    "SourceView",
]

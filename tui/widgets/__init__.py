"""The main screen's panes."""

from .paper_detail import PaperDetail
from .paper_list import PaperList
from .search_bar import SearchBar, SearchInput
from .source_pane import SourcePane, SourceView

__all__ = ["PaperDetail", "PaperList", "SearchBar", "SearchInput", "SourcePane", "SourceView"]

"""papershelf's terminal side: the Textual app and the `papershelf` command line.

Importing this package stays cheap: the command line's non-interactive commands never
load Textual.
"""

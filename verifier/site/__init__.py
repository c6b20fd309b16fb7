"""`verifier site`: a static, self-contained site over the whole history (README: Portfolio
site). collect -> SiteData -> index / report_page / document_page -> build writes the files."""

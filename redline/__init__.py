"""redline: an escalation monitor that turns raw war news into a verified event record.

Public Python API::

    import redline
    settings = redline.load_settings(db="news.db")
    report = redline.ingest(["articles/"], settings)
    for article in redline.clean_file("page.html"):
        print(article.title, article.published, article.text[:80])
"""

from redline.api import clean_file, clean_text, ingest, load_pipeline
from redline.model.article import Article
from redline.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = ["Article", "Settings", "__version__", "clean_file", "clean_text", "ingest", "load_pipeline",
           "load_settings"]

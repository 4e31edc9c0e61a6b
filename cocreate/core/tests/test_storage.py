from whitenoise.storage import CompressedManifestStaticFilesStorage

from cocreate.core.storage import StaticFilesStorage


def test_static_urls_are_resolved_once_and_match_the_manifest(tmp_path, monkeypatch):
    calls = []

    def resolve(self, name, force=False):
        calls.append(name)
        return f"/static/{name}.abc123"

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", resolve)
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")

    assert storage.url("css/app.css") == "/static/css/app.css.abc123"
    assert storage.url("css/app.css") == "/static/css/app.css.abc123"
    assert calls == ["css/app.css"]

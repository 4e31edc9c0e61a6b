from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's hashed, compressed static files, with `url()` remembered.

    Resolving a name through the manifest costs ~0.15 ms, and a page asks for
    the same few files on every request; the manifest cannot change while the
    process runs, so each answer is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        if (found := self._urls.get(name)) is None:
            found = self._urls[name] = super().url(name)
        return found

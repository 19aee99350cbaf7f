"""A storage that behaves like a bucket for the code under test: files are reached by name only.

It keeps them in a local folder, but ``path()`` raises as S3's does, so any code that reaches for
a local path (MEDIA_ROOT, ``storage.path()``) fails here just as it would with a real bucket.
"""

from contextlib import contextmanager

from django.core.files.storage import FileSystemStorage


class BucketStorage(FileSystemStorage):
    _inside = 0

    def path(self, name):
        if not self._inside:
            raise NotImplementedError("This backend doesn't support absolute paths.")
        return super().path(name)

    @contextmanager
    def _own_paths(self):
        # FileSystemStorage's own methods find files through path(); only they may.
        self._inside += 1
        try:
            yield
        finally:
            self._inside -= 1

    def _open(self, name, mode="rb"):
        with self._own_paths():
            return super()._open(name, mode)

    def _save(self, name, content):
        with self._own_paths():
            return super()._save(name, content)

    def delete(self, name):
        with self._own_paths():
            return super().delete(name)

    def exists(self, name):
        with self._own_paths():
            return super().exists(name)

    def listdir(self, path):
        with self._own_paths():
            return super().listdir(path)

    def size(self, name):
        with self._own_paths():
            return super().size(name)

    def get_modified_time(self, name):
        with self._own_paths():
            return super().get_modified_time(name)

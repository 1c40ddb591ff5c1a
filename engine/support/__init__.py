"""L0 support: what every layer may use. Imports only the standard library.

- ``resources``: finds the shipped shaders, scenes and fonts (source checkout,
  installed wheel or PyInstaller bundle alike);
- ``files``: writes a file whole or not at all;
- ``errors``: ``UsageError``, a problem the user caused, reported by the shell
  as one line with exit status 2.
"""

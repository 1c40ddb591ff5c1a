"""The toolbar's menus (L1, no GL): views, capture, scenes, language, and
the key help card."""

"""Shared page models built from lexicons: which links are affiliate links, sentences, phrases.

Check kinds use these so that one vocabulary (in rules/*.yml, extended by configuration)
means the same thing in every rule that names it.
"""

"""The monitoring board and the Laporan Penyelenggaraan Satu Data.

:mod:`.figures` computes every number in a fixed handful of SQL queries;
:mod:`.formatting` writes them the Indonesian way; :mod:`.exports` and
:mod:`.pdf` turn one computed report into XLSX, CSV and PDF.
"""

"""The UMKM growth report ("naik kelas") for the district: how the vendors grow month by month.

``filters`` reads the chosen kecamatan, category and months; ``district`` counts for the whole
regency, ``timeline`` tells one vendor's story; ``views`` serves both as admin pages with CSV
downloads. Sales are those of the vendors' statements (``backoffice.channels``), so the figures
agree with what each vendor is paid for.
"""

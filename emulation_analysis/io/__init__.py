"""Input: read award files (CSV, Excel, Parquet), validate them and load one record frame."""

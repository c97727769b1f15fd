rm links.csv

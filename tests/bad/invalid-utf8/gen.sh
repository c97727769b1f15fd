sed '4s/Bravo/Br\xC3\x28vo/' nodes.csv > n && mv n nodes.csv

cat > nodes.csv <<X
id,name
X
head -c 2000 /dev/urandom >> nodes.csv
printf "\\000" >> nodes.csv

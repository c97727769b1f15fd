printf "id,id_kind,name,aliases,country,kind,lat,lon,passage,source\n" > nodes.csv
for i in $(seq 1 40); do head -c 30000 /dev/zero | tr "\\000" x >> nodes.csv; printf "," >> nodes.csv; done
printf "x\n" >> nodes.csv

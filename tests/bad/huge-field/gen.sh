printf "id,id_kind,name,aliases,country,kind,lat,lon,passage,source\nA,local," > nodes.csv
head -c 1048576 /dev/zero | tr "\\000" x >> nodes.csv
printf ",,XA,rail,10,10,,x\n" >> nodes.csv

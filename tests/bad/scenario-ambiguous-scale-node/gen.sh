# two places whose names begin with "Echo"
printf 'E1,local,Echo (North),,XA,rail,40,10,,test fixture\nE2,local,Echo (South),,XA,rail,41,10,,test fixture\n' >> nodes.csv

printf "\\xEF\\xBB\\xBF" > n; sed "s/\$/\r/" nodes.csv >> n && mv n nodes.csv; sed -i "s/\$/\r/" links.csv

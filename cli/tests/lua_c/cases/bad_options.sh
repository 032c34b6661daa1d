lua -h
echo "status $?"
lua ---
echo "status $?"
lua -Ex
echo "status $?"
lua -vv
echo "status $?"
lua -iv
echo "status $?"
lua -e
echo "status $?"
lua -l
echo "status $?"
lua -e -v

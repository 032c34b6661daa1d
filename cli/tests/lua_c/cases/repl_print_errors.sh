echo 10 | lua -e "print = nil" -i
echo 10 | lua -e "print = function() error('x') end" -i

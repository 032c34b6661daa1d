# The shell os.execute and io.popen start calls itself "sh" (argv[0]), as glibc's system()
# and popen() do, so its own error messages read "sh: 1: ...".
lua -e 'print(os.execute("moonlab-no-such-command-xyz"))'
lua -e 'local f = io.popen("moonlab-no-such-command-xyz 2>&1"); io.write(f:read("a")); print(f:close())'

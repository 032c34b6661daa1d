-- goto and labels.
local i = 1
::top::
if i <= 3 then io.write(i, " "); i = i + 1; goto top end
print()
goto skip
print("skipped")
::skip::
print("after skip")
do
  goto finish
  local unused = 1
  print(unused)
  ::finish::
end
do
  goto fin2
  local unused2 = 2
  ::fin2:: ; ::another_label:: ;
end
for a = 1, 3 do
  for b = 1, 3 do
    if a * b == 4 then
      print("found", a, b)
      goto out
    end
  end
end
::out::
do ::dup:: end
do ::dup:: end
local function f() ::dup:: return "label names are per function" end
print(f())
do
  do
    goto up
  end
  print("skipped too")
  ::up::
end
local fns = {}
local n = 0
::again::
do
  local v = n
  fns[#fns + 1] = function() return v end
end
n = n + 1
if n < 3 then goto again end
print(fns[1](), fns[2](), fns[3]())
local function backward()
  local count = 0
  ::loop::
  local fresh = count
  count = count + 1
  if count < 3 then goto loop end
  return fresh, count
end
print(backward())
local function nested_jump(x)
  if x > 0 then
    goto positive
  end
  do return "not positive" end
  ::positive::
  return "positive"
end
print(nested_jump(1), nested_jump(-1))
while true do
  goto leave
end
::leave::
print("left the loop")
::_under_score_9::
print("end")

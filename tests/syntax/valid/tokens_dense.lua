-- Tokens written without any separating whitespace.
local a,b,c=1,2,3;print(a+b*c,a..b..c,a==b,a~=b,a<=b,a>=b,a<b,a>b)
print(a//b,a%b,a^b,a&b,a|b,a~b,a<<b,a>>b,~a,-a,#"xy",not a)
local t={a=1,[2]=3,"s"};print(t.a,t[2],t[1],#t)
local function f(...)return...end;print(f(1,2))
if a then print"x"elseif b then else end
for i=1,2 do io.write(i)end;print()
print(1e2+.5,.5 ..'',0x10 ..'',3 ..4,1-1,1- -1,2^-1)
print(t.a.."".."",a.."".. b)
do local x<const> =5;print(x)end
print(a--[[comment]]+b)
print('a'..'b'.."c"..[[d]])
goto l;::l::print"label"

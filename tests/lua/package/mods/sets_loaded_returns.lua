-- Sets its own package.loaded entry, then returns another value, which replaces it.
local name = ...
package.loaded[name] = "from package.loaded"
return "from return"

# Settings shared by every target built from project code: warnings (as errors
# unless CARTABLE_WERROR is off) and the optional sanitizers. Flags from the
# environment (dpkg-buildflags exports CXXFLAGS/LDFLAGS) are left untouched.
function(cartable_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
    -Wformat=2)
  if(CARTABLE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CARTABLE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
      -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  target_link_libraries(${target} PUBLIC cartable_includes)
endfunction()

# A library made of project code.
function(cartable_library name)
  add_library(${name} STATIC ${ARGN})
  cartable_target_defaults(${name})
endfunction()

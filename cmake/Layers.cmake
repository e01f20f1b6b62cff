# Layers: every library under services/ is declared here with its layer and
# what it uses, and the build turns the design's layer rules into compile
# errors (docs/ARCHITECTURE.md, "Layers and targets"):
#
# - A target compiles against a view of the source tree that holds only its
#   own directories and what its dependencies offer, so including another
#   domain's store or service is "No such file or directory".
# - Rules (and common/base) may not include libpqxx or gRPC headers; stores
#   may not include gRPC's; the gateway may not include libpqxx's. Guard
#   directories searched before the system's hold an #error in place of each
#   such header, so the mistake names the rule it breaks.
#
# Each source compiles once, into one static library; the server and the
# test binaries link those same libraries.

# The layers, and which libraries' headers each may not include.
set(EQUALSAY_LAYERS base rules store gateway service app)
set(EQUALSAY_FORBIDDEN_base pqxx grpc)
set(EQUALSAY_FORBIDDEN_rules pqxx grpc)
set(EQUALSAY_FORBIDDEN_store grpc)
set(EQUALSAY_FORBIDDEN_gateway pqxx)

# A guard directory per forbidden library: for every header the library
# installs, a file of the same name that stops the compile and says why.
# `probe` is one header of the library, to find where its headers are.
function(equalsay_make_guard name what why probe)
  set(dir ${CMAKE_BINARY_DIR}/layer_guards/${name})
  set(EQUALSAY_GUARD_${name} ${dir} PARENT_SCOPE)
  find_path(root NAMES ${probe} NO_CACHE REQUIRED)
  foreach(top ${ARGN})
    file(GLOB_RECURSE headers RELATIVE ${root} ${root}/${top}/*)
    foreach(header ${headers})
      set(text "#error \"equalsay: this layer may not use ${what} (<${header}>): ${why} See docs/ARCHITECTURE.md, 'Layers and targets'.\"\n")
      if(NOT EXISTS ${dir}/${header})
        file(WRITE ${dir}/${header} "${text}")
      endif()
    endforeach()
  endforeach()
endfunction()
equalsay_make_guard(pqxx "libpqxx (the database)"
  "only stores and services talk to PostgreSQL." pqxx/pqxx pqxx)
equalsay_make_guard(grpc "gRPC" "only services and the gateway speak gRPC."
  grpcpp/grpcpp.h grpcpp grpc grpc++)

# equalsay_layer(<target> LAYER <layer> [DIRS dir...] [SOURCES file...]
#                [DEPS target...] [LIBS library...] [EXCLUDE_FROM_ALL])
#   DIRS     directories (from the source root) whose .cc files, but for a
#            program's main.cc, build the target, and whose headers it
#            offers to the targets that depend on it.
#   SOURCES  source files besides (the build checks' probes).
#   DEPS     equalsay targets it uses: linked, and their offered headers
#            join its view.
#   LIBS     other libraries it links.
function(equalsay_layer target)
  cmake_parse_arguments(ARG "EXCLUDE_FROM_ALL" "LAYER" "DIRS;SOURCES;DEPS;LIBS"
                        ${ARGN})
  set(sources ${ARG_SOURCES})
  foreach(dir ${ARG_DIRS})
    file(GLOB found CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.cc)
    list(FILTER found EXCLUDE REGEX "/main\\.cc$")
    list(APPEND sources ${found})
  endforeach()
  set(exclude)
  if(ARG_EXCLUDE_FROM_ALL)
    set(exclude EXCLUDE_FROM_ALL)
  endif()
  add_library(${target} STATIC ${exclude} ${sources})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} ${ARG_LIBS})
  equalsay_view(${target} "${ARG_LAYER}" "${ARG_DIRS}" "${ARG_DEPS}")
  if(ARG_LAYER STREQUAL "rules" OR ARG_LAYER STREQUAL "base")
    # A new role, state or threshold must be decided in every rule that
    # switches on it: no default: branch may swallow it.
    target_compile_options(${target} PRIVATE -Werror=switch-enum)
  endif()
endfunction()

# equalsay_api(<target> DIR dir IMPLEMENTED_BY target [DEPS target...]):
# a domain's narrow API for other domains: the headers of `dir` only, with
# the code of the target that implements them.
function(equalsay_api target)
  cmake_parse_arguments(ARG "" "DIR;IMPLEMENTED_BY" "DEPS" ${ARGN})
  add_library(${target} INTERFACE)
  target_link_libraries(${target} INTERFACE ${ARG_IMPLEMENTED_BY} ${ARG_DEPS})
  equalsay_offer(${target} "${ARG_DIR}" "${ARG_DEPS}")
endfunction()

# What a target offers its users: its own directories and, as its headers
# include theirs, what its dependencies offer.
function(equalsay_offer target dirs deps)
  set(offered ${dirs})
  foreach(dep ${deps})
    get_property(theirs GLOBAL PROPERTY EQUALSAY_OFFERS_${dep})
    list(APPEND offered ${theirs})
  endforeach()
  list(REMOVE_DUPLICATES offered)
  set_property(GLOBAL PROPERTY EQUALSAY_OFFERS_${target} "${offered}")
endfunction()

# The target's view of the source tree (its own and its dependencies'
# directories, as links) and the guards of its layer, searched first.
function(equalsay_view target layer dirs deps)
  if(NOT layer IN_LIST EQUALSAY_LAYERS)
    message(FATAL_ERROR "${target}: unknown layer '${layer}'")
  endif()
  equalsay_offer(${target} "${dirs}" "${deps}")
  get_property(seen GLOBAL PROPERTY EQUALSAY_OFFERS_${target})
  set(view ${CMAKE_BINARY_DIR}/layer_views/${target})
  file(REMOVE_RECURSE ${view})
  foreach(dir ${seen})
    get_filename_component(parent ${view}/${dir} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${dir} ${view}/${dir} SYMBOLIC)
  endforeach()
  foreach(library ${EQUALSAY_FORBIDDEN_${layer}})
    target_include_directories(${target} BEFORE PRIVATE
                               ${EQUALSAY_GUARD_${library}})
  endforeach()
  target_include_directories(${target} PRIVATE ${view})
endfunction()

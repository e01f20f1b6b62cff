# equalsay_proto_library(<target> <root>): a static library of the C++ that
# protoc (and the gRPC plugin, for files with services) generates at build
# time from every .proto under <root>. Nothing generated is committed.
function(equalsay_proto_library target root)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${target}_gen)
  file(GLOB_RECURSE protos CONFIGURE_DEPENDS ${root}/*.proto)
  set(srcs)
  foreach(proto ${protos})
    file(RELATIVE_PATH rel ${root} ${proto})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(outs ${gen}/${stem}.pb.cc ${gen}/${stem}.pb.h)
    set(plugin_args)
    file(STRINGS ${proto} has_service REGEX "^service ")
    if(has_service)
      list(APPEND outs ${gen}/${stem}.grpc.pb.cc ${gen}/${stem}.grpc.pb.h)
      set(plugin_args --grpc_out=${gen}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${gen}
      COMMAND protobuf::protoc -I ${root} --cpp_out=${gen} ${plugin_args}
              ${proto}
      DEPENDS ${proto} protobuf::protoc gRPC::grpc_cpp_plugin
      COMMENT "protoc ${rel}")
    list(FILTER outs INCLUDE REGEX "\\.cc$")
    list(APPEND srcs ${outs})
  endforeach()
  add_library(${target} STATIC ${srcs})
  target_include_directories(${target} PUBLIC ${gen})
  target_compile_options(${target} PRIVATE -w)
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++)
endfunction()

// Binding of libkrun's C API (include/libkrun.h of containers/libkrun). libkrun is opened at
// run time with dlopen, so this addon builds and loads where libkrun is absent; each call
// looks its symbol up, so an older libkrun fails only on the functions it lacks.
//
// Every function takes the same arguments as its C counterpart, in the same order (string
// arrays as JS arrays, NULL as null), and throws a JS Error when libkrun returns a negative
// errno, with `errno` and `function` properties.
#include <napi.h>

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

void* library = nullptr;
std::string libraryPath;

Napi::Error ErrorWith(Napi::Env env, const std::string& message, const char* code) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

template <typename Fn>
Fn Symbol(Napi::Env env, const char* name) {
  if (library == nullptr) throw ErrorWith(env, "libkrun is not loaded: call load(path) first", "ERR_KRUN_NOT_LOADED");
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    throw ErrorWith(env, libraryPath + " has no " + name + " (a newer libkrun is needed)", "ERR_KRUN_MISSING_SYMBOL");
  }
  return reinterpret_cast<Fn>(symbol);
}

int32_t Check(Napi::Env env, const char* name, int32_t result) {
  if (result >= 0) return result;
  Napi::Error error = ErrorWith(env, std::string(name) + " failed: " + std::strerror(-result), "ERR_KRUN_CALL");
  error.Set("errno", Napi::Number::New(env, -result));
  error.Set("function", Napi::String::New(env, name));
  throw error;
}

uint32_t Uint32At(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (!info[index].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  return info[index].As<Napi::Number>().Uint32Value();
}

std::string StringAt(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (!info[index].IsString()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  return info[index].As<Napi::String>().Utf8Value();
}

bool BoolAt(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (!info[index].IsBoolean()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a boolean");
  return info[index].As<Napi::Boolean>().Value();
}

/** A string or null (C NULL). */
struct OptionalString {
  bool present = false;
  std::string value;
  const char* get() const { return present ? value.c_str() : nullptr; }
};

OptionalString OptionalStringAt(const Napi::CallbackInfo& info, size_t index, const char* what) {
  OptionalString result;
  if (info[index].IsNull() || info[index].IsUndefined()) return result;
  result.present = true;
  result.value = StringAt(info, index, what);
  return result;
}

/** A JS string array as the NULL-terminated `const char *const[]` libkrun takes (or NULL). */
class StringArray {
 public:
  StringArray(const Napi::CallbackInfo& info, size_t index, const char* what, bool nullable) {
    if (nullable && (info[index].IsNull() || info[index].IsUndefined())) return;
    if (!info[index].IsArray()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be an array of strings");
    Napi::Array array = info[index].As<Napi::Array>();
    for (uint32_t i = 0; i < array.Length(); i++) {
      Napi::Value item = array.Get(i);
      if (!item.IsString()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be an array of strings");
      strings_.push_back(item.As<Napi::String>().Utf8Value());
    }
    for (const std::string& value : strings_) pointers_.push_back(value.c_str());
    pointers_.push_back(nullptr);
  }
  const char* const* get() const { return pointers_.empty() ? nullptr : pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> pointers_;
};

Napi::Value Load(const Napi::CallbackInfo& info) {
  std::string path = StringAt(info, 0, "path");
  if (library != nullptr) {
    if (path == libraryPath) return info.Env().Undefined();
    throw ErrorWith(info.Env(), "libkrun is already loaded from " + libraryPath, "ERR_KRUN_ALREADY_LOADED");
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw ErrorWith(info.Env(), reason != nullptr ? reason : ("cannot open " + path), "ERR_KRUN_DLOPEN");
  }
  library = handle;
  libraryPath = path;
  return info.Env().Undefined();
}

Napi::Value LoadedPath(const Napi::CallbackInfo& info) {
  if (library == nullptr) return info.Env().Null();
  return Napi::String::New(info.Env(), libraryPath);
}

Napi::Value SetLogLevel(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t)>(info.Env(), "krun_set_log_level");
  Check(info.Env(), "krun_set_log_level", fn(Uint32At(info, 0, "level")));
  return info.Env().Undefined();
}

Napi::Value CreateCtx(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)()>(info.Env(), "krun_create_ctx");
  return Napi::Number::New(info.Env(), Check(info.Env(), "krun_create_ctx", fn()));
}

/** For the functions that take only the context: krun_free_ctx, krun_disable_implicit_vsock. */
template <const char* Name>
Napi::Value CtxOnly(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t)>(info.Env(), Name);
  Check(info.Env(), Name, fn(Uint32At(info, 0, "ctx")));
  return info.Env().Undefined();
}

/** For the functions that take the context and one path: set_root, set_workdir, set_console_output. */
template <const char* Name>
Napi::Value CtxString(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char*)>(info.Env(), Name);
  std::string value = StringAt(info, 1, "path");
  Check(info.Env(), Name, fn(Uint32At(info, 0, "ctx"), value.c_str()));
  return info.Env().Undefined();
}

/** For the functions that take the context and a string array: set_env, set_port_map. */
template <const char* Name>
Napi::Value CtxStringArray(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char* const*)>(info.Env(), Name);
  StringArray values(info, 1, "values", false);
  Check(info.Env(), Name, fn(Uint32At(info, 0, "ctx"), values.get()));
  return info.Env().Undefined();
}

Napi::Value SetVmConfig(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, uint8_t, uint32_t)>(info.Env(), "krun_set_vm_config");
  uint32_t vcpus = Uint32At(info, 1, "numVcpus");
  if (vcpus == 0 || vcpus > 255) throw Napi::RangeError::New(info.Env(), "numVcpus must be 1 to 255");
  Check(info.Env(), "krun_set_vm_config",
        fn(Uint32At(info, 0, "ctx"), static_cast<uint8_t>(vcpus), Uint32At(info, 2, "ramMib")));
  return info.Env().Undefined();
}

Napi::Value AddVirtiofs(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char*, const char*)>(info.Env(), "krun_add_virtiofs");
  std::string tag = StringAt(info, 1, "tag");
  std::string path = StringAt(info, 2, "path");
  Check(info.Env(), "krun_add_virtiofs", fn(Uint32At(info, 0, "ctx"), tag.c_str(), path.c_str()));
  return info.Env().Undefined();
}

Napi::Value AddVirtiofs3(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char*, const char*, uint64_t, bool)>(info.Env(), "krun_add_virtiofs3");
  std::string tag = StringAt(info, 1, "tag");
  std::string path = StringAt(info, 2, "path");
  if (!info[3].IsNumber()) throw Napi::TypeError::New(info.Env(), "shmSize must be a number");
  uint64_t shmSize = static_cast<uint64_t>(info[3].As<Napi::Number>().Int64Value());
  Check(info.Env(), "krun_add_virtiofs3",
        fn(Uint32At(info, 0, "ctx"), tag.c_str(), path.c_str(), shmSize, BoolAt(info, 4, "readOnly")));
  return info.Env().Undefined();
}

Napi::Value SetKernel(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char*, uint32_t, const char*, const char*)>(info.Env(), "krun_set_kernel");
  std::string path = StringAt(info, 1, "kernelPath");
  OptionalString initramfs = OptionalStringAt(info, 3, "initramfs");
  OptionalString cmdline = OptionalStringAt(info, 4, "cmdline");
  Check(info.Env(), "krun_set_kernel",
        fn(Uint32At(info, 0, "ctx"), path.c_str(), Uint32At(info, 2, "kernelFormat"), initramfs.get(), cmdline.get()));
  return info.Env().Undefined();
}

Napi::Value SetExec(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, const char*, const char* const*, const char* const*)>(info.Env(), "krun_set_exec");
  std::string path = StringAt(info, 1, "execPath");
  StringArray argv(info, 2, "argv", false);
  StringArray envp(info, 3, "envp", true);
  Check(info.Env(), "krun_set_exec", fn(Uint32At(info, 0, "ctx"), path.c_str(), argv.get(), envp.get()));
  return info.Env().Undefined();
}

Napi::Value AddVsockPort(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, uint32_t, const char*)>(info.Env(), "krun_add_vsock_port");
  std::string path = StringAt(info, 2, "path");
  Check(info.Env(), "krun_add_vsock_port", fn(Uint32At(info, 0, "ctx"), Uint32At(info, 1, "port"), path.c_str()));
  return info.Env().Undefined();
}

Napi::Value AddVsockPort2(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, uint32_t, const char*, bool)>(info.Env(), "krun_add_vsock_port2");
  std::string path = StringAt(info, 2, "path");
  Check(info.Env(), "krun_add_vsock_port2",
        fn(Uint32At(info, 0, "ctx"), Uint32At(info, 1, "port"), path.c_str(), BoolAt(info, 3, "listen")));
  return info.Env().Undefined();
}

Napi::Value AddVsock(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t, uint32_t)>(info.Env(), "krun_add_vsock");
  Check(info.Env(), "krun_add_vsock", fn(Uint32At(info, 0, "ctx"), Uint32At(info, 1, "tsiFeatures")));
  return info.Env().Undefined();
}

/**
 * Blocks this thread for the life of the VM: libkrun takes over the process and calls exit()
 * with the workload's status when the VM shuts down. It returns only when libkrun refuses to
 * start the VM (and then this throws).
 */
Napi::Value StartEnter(const Napi::CallbackInfo& info) {
  auto fn = Symbol<int32_t (*)(uint32_t)>(info.Env(), "krun_start_enter");
  return Napi::Number::New(info.Env(), Check(info.Env(), "krun_start_enter", fn(Uint32At(info, 0, "ctx"))));
}

constexpr char kFreeCtx[] = "krun_free_ctx";
constexpr char kDisableImplicitVsock[] = "krun_disable_implicit_vsock";
constexpr char kSetRoot[] = "krun_set_root";
constexpr char kSetWorkdir[] = "krun_set_workdir";
constexpr char kSetConsoleOutput[] = "krun_set_console_output";
constexpr char kSetEnv[] = "krun_set_env";
constexpr char kSetPortMap[] = "krun_set_port_map";

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("load", Napi::Function::New(env, Load));
  exports.Set("loadedPath", Napi::Function::New(env, LoadedPath));
  exports.Set("setLogLevel", Napi::Function::New(env, SetLogLevel));
  exports.Set("createCtx", Napi::Function::New(env, CreateCtx));
  exports.Set("freeCtx", Napi::Function::New(env, CtxOnly<kFreeCtx>));
  exports.Set("setVmConfig", Napi::Function::New(env, SetVmConfig));
  exports.Set("setRoot", Napi::Function::New(env, CtxString<kSetRoot>));
  exports.Set("setWorkdir", Napi::Function::New(env, CtxString<kSetWorkdir>));
  exports.Set("setConsoleOutput", Napi::Function::New(env, CtxString<kSetConsoleOutput>));
  exports.Set("addVirtiofs", Napi::Function::New(env, AddVirtiofs));
  exports.Set("addVirtiofs3", Napi::Function::New(env, AddVirtiofs3));
  exports.Set("setKernel", Napi::Function::New(env, SetKernel));
  exports.Set("setExec", Napi::Function::New(env, SetExec));
  exports.Set("setEnv", Napi::Function::New(env, CtxStringArray<kSetEnv>));
  exports.Set("setPortMap", Napi::Function::New(env, CtxStringArray<kSetPortMap>));
  exports.Set("addVsockPort", Napi::Function::New(env, AddVsockPort));
  exports.Set("addVsockPort2", Napi::Function::New(env, AddVsockPort2));
  exports.Set("disableImplicitVsock", Napi::Function::New(env, CtxOnly<kDisableImplicitVsock>));
  exports.Set("addVsock", Napi::Function::New(env, AddVsock));
  exports.Set("startEnter", Napi::Function::New(env, StartEnter));
  return exports;
}

}  // namespace

NODE_API_MODULE(krun, Init)

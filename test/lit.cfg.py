# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "glia"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".json", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.glia_obj_root, "test")

config.substitutions.append(("%glia_src", config.glia_src_root))
config.substitutions.append(("%examples", os.path.join(config.glia_src_root, "examples")))
config.substitutions.append(("%machines", os.path.join(config.glia_src_root, "machines")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.glia_tools_dir, append_path=True)
# Sanitizer builds: leaks in MLIR's global registries are not ours.
llvm_config.with_system_environment(["ASAN_OPTIONS", "UBSAN_OPTIONS", "HOME"])

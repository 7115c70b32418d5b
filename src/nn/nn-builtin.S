/* moodplay - the built-in model: the bytes of the .mpm file named by
 * NN_BUILTIN_MODEL (set in Makefile.am), embedded at build time and read
 * by nn_model_load_builtin(). */
#if defined(__ELF__)
	.section .rodata
	.balign 64
	.globl	nn_builtin_model
	.type	nn_builtin_model, @object
nn_builtin_model:
	.incbin	NN_BUILTIN_MODEL
	.globl	nn_builtin_model_end
nn_builtin_model_end:
	.size	nn_builtin_model, nn_builtin_model_end - nn_builtin_model
	.section .note.GNU-stack, "", @progbits
#else
#error "the built-in model needs an ELF toolchain (.incbin)"
#endif

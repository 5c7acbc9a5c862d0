/* libatf-c frees nothing of its test-case list before exit; those are
 * its allocations, not ours. Linked into every unit test program. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libatf-c.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

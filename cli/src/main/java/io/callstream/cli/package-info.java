/** The callstream command line: the top command, its exit codes and how failures reach the user. */
@NullMarked
package io.callstream.cli;

import org.jspecify.annotations.NullMarked;

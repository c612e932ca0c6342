/** callstream export: a call's mindmap and insights as a file. */
@NullMarked
package io.callstream.cli.export;

import org.jspecify.annotations.NullMarked;

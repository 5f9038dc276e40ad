/** Implementation details shared across Handoff's core packages; not an API. */
@NullMarked
package dev.handoff.internal;

import org.jspecify.annotations.NullMarked;

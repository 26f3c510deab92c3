/** Tests of the rules module: examples, error messages, properties, the contract kit. */
@NullMarked
package dev.scoring.rules;

import org.jspecify.annotations.NullMarked;

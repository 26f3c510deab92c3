@NullMarked
package dev.scoring.ml.matching;

import org.jspecify.annotations.NullMarked;

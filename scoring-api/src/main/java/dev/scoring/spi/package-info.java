/**
 * The plugin interface: implement {@link dev.scoring.spi.ScorerProvider} to add a kind of scorer
 * without changing the library. Providers are discovered with {@link java.util.ServiceLoader} by
 * {@link dev.scoring.api.ScorerRegistry}.
 */
@NullMarked
package dev.scoring.spi;

import org.jspecify.annotations.NullMarked;

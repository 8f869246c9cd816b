/**
 * Registers the gradients of every tfjs kernel.
 *
 * `@tensorflow/tfjs-core`'s CommonJS build, which Node loads, ships without gradient
 * definitions; the union package `@tensorflow/tfjs` registers them on import. Importing it also
 * brings the layers and converter modules, which flowda does not use.
 */
import '@tensorflow/tfjs';

/** JUnit 5 contract tests (the test kit) that ranking-loss plugins implement. */
package org.rankkit.testkit;

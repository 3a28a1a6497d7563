package io.pgextra.hibernate.test.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.compat.HibernateVersion;

import org.hibernate.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The boot-time decision on the Hibernate ORM version: which versions pass, and the one sentence an unsupported one
 * gets. That a supported version boots is shown by every other test class (and {@link HibernateLinesTest} checks that
 * it runs on the version CI asked for).
 */
class HibernateVersionCheckTest {

	@ParameterizedTest
	@ValueSource(strings = { "7.1.0.Final", "7.1.35.Final", "7.2.0.CR1", "7.2.25.Final", "7.3.13.Final", "7.4.0.Final",
			"7.4.15.Final", "7.4.16-SNAPSHOT" })
	void supportedLinesPass(String version) {
		assertThat( HibernateVersion.unsupportedMessage( version ) ).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "7.0.10.Final", "7.0.0.Final", "6.6.56.Final", "7.5.0.Final", "8.0.0.Alpha1", "17.1.0",
			"unknown", "" })
	void otherVersionsFailInOneSentenceNamingTheVersionAndTheRange(String version) {
		String message = HibernateVersion.unsupportedMessage( version );
		assertThat( message )
				.startsWith( "hibernate-pgextra supports Hibernate ORM 7.1 to 7.4 " )
				.contains( "found Hibernate ORM '" + version + "' on the class path" )
				.doesNotContain( ". " )
				.doesNotEndWith( "." );
	}

	@Test
	void nullVersionIsUnsupported() {
		assertThat( HibernateVersion.unsupportedMessage( null ) ).contains( "found Hibernate ORM 'null'" );
	}

	@Test
	void parsesMajorAndMinor() {
		HibernateVersion version = HibernateVersion.parse( "7.2.25.Final" );
		assertThat( version.major() ).isEqualTo( 7 );
		assertThat( version.minor() ).isEqualTo( 2 );
		assertThat( version.atLeast( 7, 2 ) ).isTrue();
		assertThat( version.atLeast( 7, 3 ) ).isFalse();
		assertThat( HibernateVersion.parse( "7" ) ).isNull();
	}

	@Test
	void theRunningHibernateIsSupportedAndTheSeamIsChosenForIt() {
		assertThat( HibernateVersion.unsupportedMessage( Version.getVersionString() ) ).isNull();
		HibernateVersion running = HibernateCompat.get().version();
		assertThat( running.text() ).isEqualTo( Version.getVersionString() );
	}
}

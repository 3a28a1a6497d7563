package io.pgextra.hibernate.internal.compat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hibernate.HibernateException;
import org.hibernate.Version;

/**
 * The Hibernate ORM version found at run time, and whether hibernate-pgextra supports it.
 * <p>
 * Supported are the lines 7.1 to 7.4: those Spring Boot 4.0/4.1 and current Quarkus ship, each tested by CI on its
 * newest patch. 7.0 lacks too much of what the library builds on (the SQM query and plan classes it extends, the
 * select operation it runs, {@code SqmQueryImpl}); a later line (7.5, 8.x) may change the internals the library still
 * uses. Either fails at boot with one sentence, instead of a {@code NoSuchMethodError} at first use.
 *
 * @param major the major version, e.g. 7
 * @param minor the minor version, e.g. 4
 * @param text the version string as Hibernate reports it, e.g. {@code 7.4.15.Final}
 */
public record HibernateVersion(int major, int minor, String text) {

	/** The supported lines, as the failure message and README name them. */
	public static final String SUPPORTED_RANGE = "7.1 to 7.4";

	private static final Pattern MAJOR_MINOR = Pattern.compile( "^(\\d+)\\.(\\d+)(?:\\D.*)?$" );

	/**
	 * @param text a version string such as {@code 7.2.25.Final}
	 * @return its major and minor version, or {@code null} if it does not start with {@code major.minor}
	 */
	public static HibernateVersion parse(String text) {
		if ( text == null ) {
			return null;
		}
		Matcher matcher = MAJOR_MINOR.matcher( text.trim() );
		if ( !matcher.matches() ) {
			return null;
		}
		return new HibernateVersion( Integer.parseInt( matcher.group( 1 ) ), Integer.parseInt( matcher.group( 2 ) ),
				text.trim() );
	}

	/** @return the version of the Hibernate ORM on the class path, as {@link Version} reports it */
	public static String runningText() {
		return Version.getVersionString();
	}

	/**
	 * The decision, on a version string (tested on strings, applied to {@link #runningText()}).
	 *
	 * @param text a Hibernate ORM version string, as {@link Version#getVersionString()} gives it
	 * @return {@code null} if hibernate-pgextra supports it, else the sentence saying it does not
	 */
	public static String unsupportedMessage(String text) {
		HibernateVersion version = parse( text );
		if ( version != null && version.major == 7 && version.minor >= 1 && version.minor <= 4 ) {
			return null;
		}
		return "hibernate-pgextra supports Hibernate ORM " + SUPPORTED_RANGE + " (7.1.x, 7.2.x, 7.3.x, 7.4.x) but found"
				+ " Hibernate ORM '" + text + "' on the class path; use a Hibernate ORM of these lines (Spring Boot 4.0"
				+ " and 4.1 and current Quarkus manage one), or a hibernate-pgextra release made for yours";
	}

	/**
	 * Fails unless the Hibernate ORM on the class path is supported; called first by every entry point Hibernate
	 * boots (service contributors, mapping contributor, integrator).
	 *
	 * @return the running version
	 * @throws HibernateException naming the version found and the supported range
	 */
	public static HibernateVersion requireSupported() {
		String text = runningText();
		String message = unsupportedMessage( text );
		if ( message != null ) {
			throw new HibernateException( message );
		}
		return parse( text );
	}

	/**
	 * @param major a major version
	 * @param minor a minor version
	 * @return whether this version is that one or later
	 */
	public boolean atLeast(int major, int minor) {
		return this.major > major || this.major == major && this.minor >= minor;
	}
}

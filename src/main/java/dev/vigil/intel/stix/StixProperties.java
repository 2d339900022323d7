package dev.vigil.intel.stix;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The properties STIX 2.1 defines per object type (spec sections 4-7), and those it requires; anything else
 * on an object of a defined type is a custom property.
 */
final class StixProperties {
    private StixProperties() {}

    private static final String SDO_COMMON = "type spec_version id created modified created_by_ref revoked labels confidence lang "
            + "external_references object_marking_refs granular_markings extensions";
    private static final String SCO_COMMON = "type spec_version id object_marking_refs granular_markings defanged extensions";

    private static final Map<String, Set<String>> DEFINED = new HashMap<>();
    private static final Map<String, Set<String>> REQUIRED = new HashMap<>();
    /** Properties holding timestamps, whatever the type. */
    static final Set<String> TIMESTAMPS = Set.of("created", "modified", "first_seen", "last_seen", "first_observed",
            "last_observed", "valid_from", "valid_until", "published", "start_time", "stop_time", "object_modified",
            "analysis_started", "analysis_ended", "submitted", "atime", "ctime", "mtime", "date", "start", "end",
            "created_time", "account_created", "account_expires", "account_first_login", "account_last_login",
            "credential_last_changed", "modified_time", "validity_not_before", "validity_not_after");

    private static void sdo(String type, String props, String required) {
        DEFINED.put(type, set(SDO_COMMON + " " + props));
        REQUIRED.put(type, set("type spec_version id created modified " + required));
    }

    private static void sco(String type, String props, String required) {
        DEFINED.put(type, set(SCO_COMMON + " " + props));
        REQUIRED.put(type, set("type id " + required));
    }

    private static Set<String> set(String words) {
        return Set.of(words.trim().split("\\s+"));
    }

    static {
        sdo("attack-pattern", "name description aliases kill_chain_phases", "name");
        sdo("campaign", "name description aliases first_seen last_seen objective", "name");
        sdo("course-of-action", "name description", "name");
        sdo("grouping", "name description context object_refs", "context object_refs");
        sdo("identity", "name description roles identity_class sectors contact_information", "name");
        sdo("incident", "name description kill_chain_phases", "name");
        sdo("indicator", "name description indicator_types pattern pattern_type pattern_version valid_from valid_until "
                + "kill_chain_phases", "pattern pattern_type valid_from");
        sdo("infrastructure", "name description infrastructure_types aliases kill_chain_phases first_seen last_seen", "name");
        sdo("intrusion-set", "name description aliases first_seen last_seen goals resource_level primary_motivation "
                + "secondary_motivations", "name");
        sdo("location", "name description latitude longitude precision region country administrative_area city "
                + "street_address postal_code", "");
        sdo("malware", "name description malware_types is_family aliases kill_chain_phases first_seen last_seen "
                + "operating_system_refs architecture_execution_envs implementation_languages capabilities sample_refs", "is_family");
        sdo("malware-analysis", "product version host_vm_ref operating_system_ref installed_software_refs configuration_version "
                + "modules analysis_engine_version analysis_definition_version submitted analysis_started analysis_ended "
                + "result_name result analysis_sco_refs sample_ref", "product");
        sdo("note", "abstract content authors object_refs", "content object_refs");
        sdo("observed-data", "first_observed last_observed number_observed objects object_refs",
                "first_observed last_observed number_observed");
        sdo("opinion", "explanation authors opinion object_refs", "opinion object_refs");
        sdo("report", "name description report_types published object_refs", "name published object_refs");
        sdo("threat-actor", "name description threat_actor_types aliases first_seen last_seen roles goals sophistication "
                + "resource_level primary_motivation secondary_motivations personal_motivations", "name");
        sdo("tool", "name description tool_types aliases kill_chain_phases tool_version", "name");
        sdo("vulnerability", "name description", "name");
        sdo("relationship", "relationship_type description source_ref target_ref start_time stop_time",
                "relationship_type source_ref target_ref");
        sdo("sighting", "description first_seen last_seen count sighting_of_ref observed_data_refs where_sighted_refs summary",
                "sighting_of_ref");
        DEFINED.put("marking-definition", set("type spec_version id created created_by_ref external_references "
                + "object_marking_refs granular_markings extensions name definition_type definition"));
        REQUIRED.put("marking-definition", set("type spec_version id created"));
        sdo("language-content", "object_ref object_modified contents", "object_ref contents");
        sdo("extension-definition", "name description schema version extension_types extension_properties",
                "created_by_ref name schema version extension_types");
        sco("artifact", "mime_type payload_bin url hashes encryption_algorithm decryption_key", "");
        sco("autonomous-system", "number name rir", "number");
        sco("directory", "path path_enc ctime mtime atime contains_refs", "path");
        sco("domain-name", "value resolves_to_refs", "value");
        sco("email-addr", "value display_name belongs_to_ref", "value");
        sco("email-message", "is_multipart date content_type from_ref sender_ref to_refs cc_refs bcc_refs message_id subject "
                + "received_lines additional_header_fields body body_multipart raw_email_ref", "is_multipart");
        sco("file", "hashes size name name_enc magic_number_hex mime_type ctime mtime atime parent_directory_ref "
                + "contains_refs content_ref", "");
        sco("ipv4-addr", "value resolves_to_refs belongs_to_refs", "value");
        sco("ipv6-addr", "value resolves_to_refs belongs_to_refs", "value");
        sco("mac-addr", "value", "value");
        sco("mutex", "name", "name");
        sco("network-traffic", "start end is_active src_ref dst_ref src_port dst_port protocols src_byte_count dst_byte_count "
                + "src_packets dst_packets ipfix src_payload_ref dst_payload_ref encapsulates_refs encapsulated_by_ref", "protocols");
        sco("process", "is_hidden pid created_time cwd command_line environment_variables opened_connection_refs "
                + "creator_user_ref image_ref parent_ref child_refs", "");
        sco("software", "name cpe swid languages vendor version", "name");
        sco("url", "value", "value");
        sco("user-account", "user_id credential account_login account_type display_name is_service_account is_privileged "
                + "can_escalate_privs is_disabled account_created account_expires credential_last_changed "
                + "account_first_login account_last_login", "");
        sco("windows-registry-key", "key values modified_time creator_user_ref number_of_subkeys", "");
        sco("x509-certificate", "is_self_signed hashes version serial_number signature_algorithm issuer validity_not_before "
                + "validity_not_after subject subject_public_key_algorithm subject_public_key_modulus "
                + "subject_public_key_exponent x509_v3_extensions", "");
    }

    /** Defined properties of a type, null for custom types. */
    static Set<String> defined(String type) {
        return DEFINED.get(type);
    }

    static Set<String> required(String type) {
        return REQUIRED.getOrDefault(type, Set.of());
    }

    /** Properties of the SCO extensions the spec predefines, by extension name. */
    static final Map<String, Set<String>> SCO_EXTENSIONS = Map.ofEntries(
            Map.entry("archive-ext", set("contains_refs comment")),
            Map.entry("ntfs-ext", set("sid alternate_data_streams")),
            Map.entry("pdf-ext", set("version is_optimized document_info_dict pdfid0 pdfid1")),
            Map.entry("raster-image-ext", set("image_height image_width bits_per_pixel exif_tags")),
            Map.entry("windows-pebinary-ext", set("pe_type imphash machine_hex number_of_sections time_date_stamp "
                    + "pointer_to_symbol_table_hex number_of_symbols size_of_optional_header characteristics_hex "
                    + "file_header_hashes optional_header sections")),
            Map.entry("http-request-ext", set("request_method request_value request_version request_header "
                    + "message_body_length message_body_data_ref")),
            Map.entry("icmp-ext", set("icmp_type_hex icmp_code_hex")),
            Map.entry("socket-ext", set("address_family is_blocking is_listening options socket_type socket_descriptor "
                    + "socket_handle")),
            Map.entry("tcp-ext", set("src_flags_hex dst_flags_hex")),
            Map.entry("windows-process-ext", set("aslr_enabled dep_enabled priority owner_sid window_title startup_info "
                    + "integrity_level")),
            Map.entry("windows-service-ext", set("service_name descriptions display_name group_name start_type "
                    + "service_dll_refs service_type service_status")),
            Map.entry("unix-account-ext", set("gid groups home_dir shell")));
}

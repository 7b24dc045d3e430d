"""Pages of the projects app, by audience (see each module).

- ``public``     the published calls and one call with its "我要申报" button
- ``applicant``  my applications, the application form, submit, withdraw
- ``staff``      the filtered list and export, the detail with the staff's actions
- ``calls``      call management for city staff
"""
